//! Headless Chromium (Debian's `chromium` + `chromium-driver`) over WebDriver. Uses
//! `WEBDRIVER_URL` when set, else starts its own chromedriver. Missing browser: skipped
//! locally with a message, a failure under `CI=true`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use thirtyfour::prelude::*;

pub struct Browser {
    pub driver: WebDriver,
    _chromedriver: Option<ChildGuard>,
    _profile: tempfile::TempDir,
    /// How the session was asked for (the profile directory among the arguments), so that
    /// [`Browser::restart`] opens the same profile again.
    caps: thirtyfour::ChromeCapabilities,
    url: String,
}

struct ChildGuard(Child);
impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9515)
}

impl Browser {
    /// A browser with a `width`×`height` window, or `None` when none is installed (outside CI).
    pub async fn start(width: u32, height: u32) -> Option<Browser> {
        let chrome = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let (url, guard) = match std::env::var("WEBDRIVER_URL") {
            Ok(u) => (u, None),
            Err(_) => {
                let port = free_port();
                match Command::new("chromedriver")
                    .arg(format!("--port={port}"))
                    .arg("--allowed-ips=127.0.0.1")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                {
                    Ok(child) => (format!("http://127.0.0.1:{port}"), Some(ChildGuard(child))),
                    Err(e) => {
                        if crate::in_ci() {
                            panic!("chromedriver is required in CI: {e}");
                        }
                        eprintln!("note: browser test skipped: chromedriver not found ({e})");
                        return None;
                    }
                }
            }
        };
        // Wait for the driver to answer.
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if client.get(format!("{url}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&chrome).expect("binary");
        for a in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--lang=id",
        ] {
            caps.add_arg(a).expect("arg");
        }
        caps.add_arg(&format!("--window-size={width},{height}")).expect("size");
        if width < 500 {
            // Headless windows have a minimum width; a phone is emulated instead, so the page
            // really lays out at `width` CSS pixels.
            caps.add_experimental_option(
                "mobileEmulation",
                serde_json::json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0}}),
            )
            .expect("mobile emulation");
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.path().display()))
            .expect("profile");
        let driver = match WebDriver::new(&url, caps.clone()).await {
            Ok(d) => d,
            Err(e) => {
                if crate::in_ci() || guard.is_none() {
                    panic!("cannot start Chromium through {url}: {e}");
                }
                eprintln!("note: browser test skipped: Chromium did not start ({e})");
                return None;
            }
        };
        Some(Browser {
            driver,
            _chromedriver: guard,
            _profile: profile,
            caps,
            url,
        })
    }

    /// Closes Chromium and starts it again on the same profile (its cookies, service
    /// workers, caches and IndexedDB), as a phone's browser closed and opened again.
    pub async fn restart(self) -> Browser {
        let Browser {
            driver,
            _chromedriver,
            _profile,
            caps,
            url,
        } = self;
        driver.quit().await.expect("quit");
        let driver = WebDriver::new(&url, caps.clone()).await.expect("restart Chromium");
        Browser {
            driver,
            _chromedriver,
            _profile,
            caps,
            url,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.driver.goto(url).await.expect("goto");
    }

    /// Waits (up to 10 s) for an element to be present.
    pub async fn find(&self, css: &str) -> WebElement {
        self.driver
            .query(By::Css(css))
            .wait(std::time::Duration::from_secs(10), std::time::Duration::from_millis(50))
            .first()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        e.clear().await.expect("clear");
        e.send_keys(text).await.expect("type");
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("click");
    }

    /// Clicks something that loads a new page and waits until the old page is gone.
    pub async fn click_and_wait(&self, css: &str) {
        let old = self.find("html").await;
        self.find(css).await.click().await.expect("click");
        for _ in 0..200 {
            if old.tag_name().await.is_err() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.find("body").await;
    }

    /// Sets a field's value directly (dates typed into `<input type=date>` follow the
    /// browser's locale).
    pub async fn set_value(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        self.driver
            .execute(
                "arguments[0].value = arguments[1];",
                vec![el.to_json().expect("element"), serde_json::Value::String(value.into())],
            )
            .await
            .expect("set value");
    }

    /// A screenshot with `css` scrolled to the top of the window.
    pub async fn shot_at(&self, css: &str, name: &str) {
        let el = self.find(css).await;
        self.driver
            .execute("arguments[0].scrollIntoView();", vec![el.to_json().expect("element")])
            .await
            .expect("scroll");
        self.screenshot(name).await;
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// The page's width in CSS px, scrolled content included: more than the window's width
    /// means the page scrolls sideways.
    pub async fn scroll_width(&self) -> i64 {
        let v = self
            .driver
            .execute("return document.documentElement.scrollWidth;", vec![])
            .await
            .expect("scrollWidth");
        v.json().as_i64().expect("a width in px")
    }

    pub async fn source(&self) -> String {
        self.driver.source().await.expect("source")
    }

    pub async fn current_path(&self) -> String {
        let u = self.driver.current_url().await.expect("url");
        let s = u.as_str();
        let after = s.splitn(4, '/').nth(3).unwrap_or("");
        format!("/{after}")
    }

    /// Saves a screenshot under `target/screenshots/NAME.png` (for people to look at).
    pub async fn screenshot(&self, name: &str) {
        let png = self.driver.screenshot_as_png().await.expect("screenshot");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }

    /// Prints the current page to PDF as the browser's print would, into
    /// `target/screenshots/NAME.pdf` (look at it with `pdftoppm`), and returns the bytes.
    pub async fn print_pdf(&self, name: &str) -> Vec<u8> {
        let pdf = self
            .driver
            .print_page(thirtyfour::common::print::PrintParameters::default())
            .await
            .expect("print");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.pdf")), &pdf);
        pdf
    }

    pub async fn login(&self, base: &str, username: &str) {
        self.goto(&format!("{base}/login")).await;
        self.fill("#username", username).await;
        self.fill("#password", app::demo::district::PASSWORD).await;
        self.click_and_wait("form[action='/login'] button[type=submit]").await;
    }

    pub async fn quit(self) {
        let _ = self.driver.quit().await;
    }
}
