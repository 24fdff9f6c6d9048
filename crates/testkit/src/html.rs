//! Reading the server's HTML in tests: the text, numbers and attributes of elements found by
//! id, options of selects, ids in links, the CSRF field. A page's markup is the app's own
//! (askama templates), so plain string search is enough; every helper panics with the id or
//! text it could not find, so a test fails where the page differs from what it expects.

/// Decodes the entities askama escapes (and `&amp;` last, so `&amp;lt;` stays `&lt;`).
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// Text of an HTML fragment: tags dropped, entities decoded, spaces collapsed.
pub fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML from the first `opening` up to (not including) the next `closing` (or the end).
pub fn element<'a>(html: &'a str, opening: &str, closing: &str) -> &'a str {
    let i = html.find(opening).unwrap_or_else(|| panic!("no {opening} in the page"));
    let j = html[i..].find(closing).map(|j| i + j).unwrap_or(html.len());
    &html[i..j]
}

/// The opening tag of the element with `id` (from `id="…"` to its `>`).
fn tag_of<'a>(html: &'a str, id: &str) -> (&'a str, usize) {
    let key = format!("id=\"{id}\"");
    let at = html.find(&key).unwrap_or_else(|| panic!("no #{id} in the page"));
    // From the tag's start: attributes written before the id count too.
    let i = html[..at].rfind('<').unwrap_or(at);
    let end = html[i..]
        .find('>')
        .map(|e| i + e)
        .unwrap_or_else(|| panic!("#{id} has no end"));
    (&html[i..end], end + 1)
}

/// The text directly inside the element with `id` (up to the next tag), trimmed and decoded.
pub fn text_at(html: &str, id: &str) -> String {
    let (_, after) = tag_of(html, id);
    unescape(html[after..].split('<').next().unwrap_or("").trim())
}

/// Whether the page has an element with `id`.
pub fn has_id(html: &str, id: &str) -> bool {
    html.contains(&format!("id=\"{id}\""))
}

/// The number directly inside the element with `id`.
pub fn number_at(html: &str, id: &str) -> i64 {
    let t = text_at(html, id);
    t.parse().unwrap_or_else(|_| panic!("#{id} holds {t:?}, not a number"))
}

/// The value of the attribute `attr` on the element with `id`, decoded.
pub fn attr_at(html: &str, id: &str, attr: &str) -> String {
    let (tag, _) = tag_of(html, id);
    let a = format!(" {attr}=\"");
    let j = tag.find(&a).unwrap_or_else(|| panic!("no {attr} on #{id}")) + a.len();
    unescape(tag[j..].split('"').next().unwrap_or(""))
}

/// The value of the form field named `name` (an `<input name=… value=…>`), decoded.
pub fn field_value(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\"");
    let i = html.find(&key).unwrap_or_else(|| panic!("no field {name} in the page"));
    let start = html[..i].rfind('<').unwrap_or(0);
    let end = html[i..].find('>').map(|e| i + e).unwrap_or(html.len());
    let tag = &html[start..end];
    tag.split(" value=\"")
        .nth(1)
        .map(|v| unescape(v.split('"').next().unwrap_or("")))
        .unwrap_or_default()
}

/// The CSRF token of the page's first form.
pub fn csrf(html: &str) -> String {
    let key = "name=\"_csrf\" value=\"";
    let i = html.find(key).expect("page has a CSRF field") + key.len();
    html[i..].split('"').next().unwrap_or("").to_string()
}

/// The value of the first `<option>` whose label contains `label`.
pub fn option_value(html: &str, label: &str) -> String {
    options(html)
        .into_iter()
        .find(|(_, text)| text.contains(label))
        .map(|(v, _)| v)
        .unwrap_or_else(|| panic!("no option with {label}"))
}

/// Every `<option value=…>` in `html`: (value, label), decoded, in page order.
pub fn options(html: &str) -> Vec<(String, String)> {
    html.split("<option ")
        .skip(1)
        .filter_map(|part| {
            let value = part.split("value=\"").nth(1)?.split('"').next()?;
            let text = part.split_once('>')?.1.split("</option").next().unwrap_or("");
            Some((unescape(value), plain(text)))
        })
        .collect()
}

/// The value selected in the `<select>` with `id` ("" when none is).
pub fn selected(html: &str, id: &str) -> String {
    let select = element(html, &format!("id=\"{id}\""), "</select>");
    select
        .split("<option ")
        .find(|o| o.split_once('>').is_some_and(|(tag, _)| tag.contains(" selected")))
        .and_then(|o| o.split("value=\"").nth(1))
        .and_then(|v| v.split('"').next())
        .map(unescape)
        .unwrap_or_default()
}

/// The number right after the first `prefix` (`id_after(body, "/meetings/")`).
pub fn id_after(html: &str, prefix: &str) -> i64 {
    let rest = html
        .split(prefix)
        .nth(1)
        .unwrap_or_else(|| panic!("no {prefix} in the page"));
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("{prefix} is not followed by an id"))
}

/// The numbers of every element id `prefix<number>`, in page order
/// (`ids_of(body, "child-")` for `<li id="child-12">`).
pub fn ids_of(html: &str, prefix: &str) -> Vec<i64> {
    let key = format!("id=\"{prefix}");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let digits: String = html[i + key.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// The id in the last `prefix<id>` link before `text` (the link of the row that shows it).
pub fn id_before(html: &str, text: &str, prefix: &str) -> i64 {
    let head = &html[..html.find(text).unwrap_or_else(|| panic!("{text} not on the page"))];
    let at = head
        .rfind(prefix)
        .unwrap_or_else(|| panic!("no {prefix} link before {text}"));
    id_after(&head[at..], prefix)
}

/// Every `href` in `html` that starts with `prefix`, in page order, decoded.
pub fn links(html: &str, prefix: &str) -> Vec<String> {
    let key = format!("href=\"{prefix}");
    html.match_indices(&key)
        .map(|(i, _)| unescape(html[i + 6..].split('"').next().unwrap_or("")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<form><input type="hidden" name="_csrf" value="tok"><input name="q" value="a &amp; b">
<select id="kind"><option value="">–</option><option value="x" selected>Ex &lt;1&gt;</option></select>
<p id="n" class="big">42</p><a id="go" href="/meetings/7?x=1&amp;y=2">Rapat</a></form>"#;

    #[test]
    fn reads_a_page() {
        assert_eq!(csrf(PAGE), "tok");
        assert_eq!(field_value(PAGE, "q"), "a & b");
        assert_eq!(selected(PAGE, "kind"), "x");
        assert_eq!(option_value(PAGE, "Ex <1>"), "x");
        assert_eq!(options(PAGE).len(), 2);
        assert_eq!(number_at(PAGE, "n"), 42);
        assert_eq!(attr_at(PAGE, "go", "href"), "/meetings/7?x=1&y=2");
        assert_eq!(text_at(PAGE, "go"), "Rapat");
        assert_eq!(id_before(PAGE, "Rapat", "/meetings/"), 7);
        assert_eq!(links(PAGE, "/meetings/"), vec!["/meetings/7?x=1&y=2".to_string()]);
        assert!(has_id(PAGE, "kind") && !has_id(PAGE, "nope"));
        assert_eq!(plain("<b>a</b>  <i>b</i>"), "a b");
    }
}
