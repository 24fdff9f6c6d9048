//! The geometry of the charts the server draws as SVG (viewBox units): the report's bar chart
//! of stunting per line and the child's growth chart of one measure over age. The templates
//! only place what these compute.

use crate::format::num;
use crate::i18n::Lang;
use chrono::Datelike;

/// The report's bar chart: one row per line, the name above its bar (readable on a phone).
/// The scale runs from 0 to the largest percentage, at least 20%.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bars {
    /// The scale's top, in percent.
    pub max: f64,
}

impl Bars {
    /// The longest bar.
    pub const WIDTH: i64 = 260;
    /// The height of one row (name and bar).
    pub const ROW: i64 = 40;
    /// Above the first row: the target's label.
    pub const TOP: i64 = 20;
    /// The smallest top of the scale, in percent.
    pub const MIN_MAX: f64 = 20.0;

    /// The scale that fits these percentages.
    pub fn new(percents: impl IntoIterator<Item = f64>) -> Bars {
        Bars {
            max: percents.into_iter().fold(Self::MIN_MAX, f64::max),
        }
    }

    /// Where row `i` starts.
    pub fn y(i: usize) -> i64 {
        Self::TOP + i as i64 * Self::ROW
    }

    /// The length of the bar of a percentage (none: no bar).
    pub fn len(&self, p: Option<f64>) -> i64 {
        p.map(|p| self.x(p)).unwrap_or(0)
    }

    /// Where a percentage falls on the scale.
    pub fn x(&self, p: f64) -> i64 {
        (p / self.max * Self::WIDTH as f64).round() as i64
    }

    /// The height of the whole chart of `rows` rows.
    pub fn height(rows: usize) -> i64 {
        Self::TOP + 6 + rows as i64 * Self::ROW
    }
}

/// Where the value label of a bar ending at `bar` starts, `chars` characters long: right of
/// the bar, or right of the target line at `target` when the label would cross it.
pub fn value_label_x(bar: i64, chars: usize, target: i64) -> i64 {
    // About 7.5 units a character at the value labels' size.
    let start = bar + 5;
    let end = start + (chars as f64 * 7.5).ceil() as i64;
    if start <= target + 3 && end >= target - 3 {
        target + 5
    } else {
        start
    }
}

impl Default for Bars {
    fn default() -> Self {
        Bars { max: Self::MIN_MAX }
    }
}

/// One month of a place's trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub month: chrono::NaiveDate,
    /// Stunting prevalence in percent; none when nobody was measured for length/height.
    pub pct: Option<f64>,
    pub stunted: i64,
    /// A bulan penimbangan (February, August).
    pub weighing: bool,
    /// The month the report shows.
    pub current: bool,
}

/// A bar of the trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendBar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    /// Centre of the bar, where its labels sit.
    pub cx: i64,
    /// `over` (above the target) or `under`; `none` without a figure.
    pub side: &'static str,
    pub weighing: bool,
    pub current: bool,
    /// The prevalence label ("19,6% ▲" over the target), only on weighing and current months.
    pub label: String,
    /// The count of stunted children, on the same months.
    pub count: String,
    /// The month under the axis on weighing months ("Feb 23").
    pub axis: String,
    /// For screen readers and hover: the month and its figure.
    pub title: String,
}

/// The monthly trend: one vertical bar per month, its labels in a row above the plot so that
/// they never cross the bars or the target line, the target's label right of the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub bars: Vec<TrendBar>,
    pub left: i64,
    pub right: i64,
    pub top: i64,
    pub bottom: i64,
    pub target_y: i64,
    pub y_ticks: Vec<(i64, String)>,
}

impl Trend {
    pub const WIDTH: i64 = 340;
    pub const HEIGHT: i64 = 200;
    /// The label rows above the plot (count, then prevalence).
    pub const COUNT_Y: i64 = 13;
    pub const LABEL_Y: i64 = 27;
}

/// The trend chart of these months (oldest first) against `target` percent.
pub fn trend(lang: Lang, points: &[TrendPoint], target: f64) -> Trend {
    let (left, right, top, bottom) = (30_i64, 284_i64, 36_i64, 164_i64);
    let top_pct = points.iter().filter_map(|p| p.pct).fold(20.0_f64, f64::max);
    let max = (top_pct / 10.0).ceil() * 10.0;
    let y = |p: f64| (bottom as f64 - p / max * (bottom - top) as f64).round() as i64;
    let n = points.len().max(1) as f64;
    let slot = (right - left) as f64 / n;
    let width = ((slot * 0.7).round() as i64).max(2);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let cx = (left as f64 + slot * (i as f64 + 0.5)).round() as i64;
            let top_y = p.pct.map(y).unwrap_or(bottom);
            let side = match p.pct {
                Some(v) if v > target => "over",
                Some(_) => "under",
                None => "none",
            };
            let pct = crate::format::pct(lang, p.pct);
            let shown = p.weighing || p.current;
            let mark = if side == "over" { " ▲" } else { "" };
            TrendBar {
                x: cx - width / 2,
                y: top_y,
                width,
                height: bottom - top_y,
                cx,
                side,
                weighing: p.weighing,
                current: p.current,
                label: if shown && p.pct.is_some() {
                    format!("{pct}{mark}")
                } else {
                    String::new()
                },
                count: if shown && p.pct.is_some() {
                    p.stunted.to_string()
                } else {
                    String::new()
                },
                axis: if p.weighing {
                    format!(
                        "{} {}",
                        crate::i18n::month_short(lang, p.month.month()),
                        p.month.format("%y")
                    )
                } else {
                    String::new()
                },
                title: format!(
                    "{}: {pct}{mark}",
                    crate::i18n::month_year(lang, p.month.month(), p.month.year())
                ),
            }
        })
        .collect();
    let step = if max > 40.0 { 20.0 } else { 10.0 };
    let mut y_ticks = Vec::new();
    let mut v = 0.0;
    while v <= max + 1e-9 {
        y_ticks.push((y(v), format!("{}%", num(lang, v, 0))));
        v += step;
    }
    Trend {
        bars,
        left,
        right,
        top,
        bottom,
        target_y: y(target),
        y_ticks,
    }
}

/// A growth chart of one measure over age (months), drawn on the server.
pub struct Growth {
    pub id: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
    /// `x,y` pairs of the line.
    pub points: String,
    /// `(x, y, flagged, label)` of every measurement.
    pub dots: Vec<(i64, i64, bool, String)>,
    pub x_ticks: Vec<(i64, String)>,
    pub y_ticks: Vec<(i64, String)>,
}

/// The plot area of a growth chart.
const CW: f64 = 320.0;
const CH: f64 = 160.0;
const CX0: f64 = 36.0;
const CY0: f64 = 10.0;

/// Days in an average month.
const MONTH_DAYS: f64 = 30.4375;

/// The growth chart of `(age in days, value, flagged)` points; none without points. The age
/// axis ends on a half year (at least a year), the value axis has a round step around the
/// values.
pub fn growth(
    lang: Lang,
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    points: impl IntoIterator<Item = (i64, f64, bool)>,
) -> Option<Growth> {
    let pts: Vec<(f64, f64, bool)> = points
        .into_iter()
        .map(|(days, v, bad)| (days as f64 / MONTH_DAYS, v, bad))
        .collect();
    if pts.is_empty() {
        return None;
    }
    let max_age = pts.iter().map(|p| p.0).fold(0.0_f64, f64::max);
    let x_max = ((max_age / 6.0).ceil() * 6.0).max(12.0);
    let lo = pts.iter().map(|p| p.1).fold(f64::MAX, f64::min);
    let hi = pts.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    let step = if hi - lo > 30.0 {
        10.0
    } else if hi - lo > 8.0 {
        5.0
    } else {
        1.0
    };
    let y_min = ((lo - step) / step).floor() * step;
    let y_max = ((hi + step) / step).ceil() * step;
    let x = |a: f64| (CX0 + a / x_max * CW).round() as i64;
    let y = |v: f64| (CY0 + CH - (v - y_min) / (y_max - y_min) * CH).round() as i64;
    let line = pts
        .iter()
        .map(|p| format!("{},{}", x(p.0), y(p.1)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = pts
        .iter()
        .map(|p| (x(p.0), y(p.1), p.2, format!("{} {unit}", num(lang, p.1, 1))))
        .collect();
    let x_ticks = (0..=(x_max as i64))
        .step_by(if x_max > 36.0 { 12 } else { 6 })
        .map(|m| (x(m as f64), m.to_string()))
        .collect();
    let mut y_ticks = Vec::new();
    let mut v = y_min;
    while v <= y_max + 1e-9 {
        y_ticks.push((y(v), num(lang, v, 0)));
        v += step;
    }
    Some(Growth {
        id,
        title,
        unit,
        points: line,
        dots,
        x_ticks,
        y_ticks,
    })
}

/// The KMS (Kartu Menuju Sehat) of a child: the WHO weight-for-age lines of its sex with
/// its weighings, over the first 24 months or the first five years, as the Buku KIA prints it.
pub struct Kms {
    /// The age axis ends here (months).
    pub months: i64,
    /// The plot's frame (viewBox units).
    pub left: i64,
    pub right: i64,
    pub top: i64,
    pub bottom: i64,
    pub lines: Vec<KmsLine>,
    /// `x,y` pairs of the child's line.
    pub points: String,
    /// `(x, y, below the red line, label)` of every weighing.
    pub dots: Vec<(i64, i64, bool, String)>,
    /// Grid lines and, on some, a label: (position, label).
    pub x_ticks: Vec<(i64, String)>,
    pub y_ticks: Vec<(i64, String)>,
}

/// One line of the standard: its z-score's points, its class (`sd3`, `sd2`, `sd1`, `median`)
/// and its label at the right end.
pub struct KmsLine {
    pub points: String,
    pub class: &'static str,
    pub label: String,
    pub x: i64,
    pub y: i64,
}

impl Kms {
    /// The width of the whole drawing (the labels of the lines sit right of the plot).
    pub const WIDTH: i64 = 640;
    /// The height of the whole drawing (the age labels sit under the plot).
    pub const HEIGHT: i64 = 452;
}

/// The KMS drawing: `curves` are (z-score, [(age in days, kg)]) of the standard, `points` the
/// child's weighings (age in days, kg, below the red line); the age axis runs to `months`.
pub fn kms(
    lang: Lang,
    months: i64,
    curves: &[(f64, Vec<(i64, f64)>)],
    points: impl IntoIterator<Item = (i64, f64, bool)>,
) -> Kms {
    let (left, right, top, bottom) = (40_i64, 600_i64, 16_i64, 420_i64);
    let max_days = months as f64 * MONTH_DAYS;
    let pts: Vec<(f64, f64, bool)> = points
        .into_iter()
        .map(|(d, v, bad)| (d as f64, v, bad))
        .filter(|p| p.0 <= max_days + 1.0)
        .collect();
    let values = curves
        .iter()
        .flat_map(|(_, c)| c.iter().map(|p| p.1))
        .chain(pts.iter().map(|p| p.1));
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo > hi { (0.0, 10.0) } else { (lo, hi) };
    let y_min = lo.floor().max(0.0);
    let y_max = ((hi + 0.5) / 2.0).ceil() * 2.0;
    let x = |days: f64| (left as f64 + days / max_days * (right - left) as f64).round() as i64;
    let y = |v: f64| (bottom as f64 - (v - y_min) / (y_max - y_min) * (bottom - top) as f64).round() as i64;
    let line = |ps: &mut dyn Iterator<Item = (f64, f64)>| {
        ps.map(|(d, v)| format!("{},{}", x(d), y(v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let lines = curves
        .iter()
        .map(|(z, c)| {
            let end = c.last().copied().unwrap_or((0, 0.0));
            KmsLine {
                points: line(&mut c.iter().map(|p| (p.0 as f64, p.1))),
                class: match z.abs().round() as i64 {
                    3 => "sd3",
                    2 => "sd2",
                    1 => "sd1",
                    _ => "median",
                },
                label: crate::format::signed(lang, *z, 0),
                x: x(end.0 as f64) + 4,
                y: y(end.1) + 4,
            }
        })
        .collect();
    let label_every = if months > 24 { 6 } else { 2 };
    let x_ticks = (0..=months)
        .map(|m| {
            let label = if m % label_every == 0 {
                m.to_string()
            } else {
                String::new()
            };
            (x(m as f64 * MONTH_DAYS), label)
        })
        .collect();
    let kg_every = if y_max - y_min > 16.0 { 2 } else { 1 };
    let y_ticks = (y_min as i64..=y_max as i64)
        .map(|v| {
            let label = if v % kg_every == 0 {
                v.to_string()
            } else {
                String::new()
            };
            (y(v as f64), label)
        })
        .collect();
    Kms {
        months,
        left,
        right,
        top,
        bottom,
        lines,
        points: line(&mut pts.iter().map(|p| (p.0, p.1))),
        dots: pts
            .iter()
            .map(|p| (x(p.0), y(p.1), p.2, format!("{} kg", num(lang, p.1, 1))))
            .collect(),
        x_ticks,
        y_ticks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_percentage() {
        let b = Bars::new([10.0, 40.0]);
        assert_eq!(b.max, 40.0);
        assert_eq!(b.len(Some(40.0)), Bars::WIDTH);
        assert_eq!(b.len(Some(10.0)), 65);
        assert_eq!(b.len(None), 0);
        assert_eq!(b.x(14.0), 91);
        // Small percentages keep a 20% scale.
        assert_eq!(Bars::new([5.0]).max, 20.0);
        assert_eq!(Bars::new([]), Bars::default());
        assert_eq!((Bars::y(0), Bars::y(2)), (20, 100));
        assert_eq!(Bars::height(3), 146);
    }

    #[test]
    fn value_labels_step_over_the_target_line() {
        // Far from the line: beside the bar.
        assert_eq!(value_label_x(10, 5, 91), 15);
        assert_eq!(value_label_x(120, 5, 91), 125);
        // "12,0%" after a bar ending just before the line would cross it: right of the line.
        assert_eq!(value_label_x(70, 5, 91), 96);
        assert_eq!(value_label_x(89, 5, 91), 96);
    }

    #[test]
    fn trend_labels_sit_above_the_plot_and_bars_take_their_side() {
        let m = |mo: u32| chrono::NaiveDate::from_ymd_opt(2023, mo, 1).unwrap_or_default();
        let points: Vec<TrendPoint> = (1..=12)
            .map(|mo| TrendPoint {
                month: m(mo),
                pct: match mo {
                    2 => Some(22.4),
                    8 => Some(12.0),
                    12 => None,
                    _ => Some(16.0),
                },
                stunted: if mo == 2 { 740 } else { 4 },
                weighing: matches!(mo, 2 | 8),
                current: mo == 8,
            })
            .collect();
        let t = trend(Lang::Id, &points, 14.0);
        assert_eq!(t.bars.len(), 12);
        // A 30% scale: the target line at 14% of it.
        assert_eq!(t.y_ticks.last().map(|x| x.1.as_str()), Some("30%"));
        assert_eq!(t.target_y, 164 - (14.0_f64 / 30.0 * 128.0).round() as i64);
        let feb = &t.bars[1];
        assert_eq!(
            (feb.side, feb.label.as_str(), feb.count.as_str()),
            ("over", "22,4% ▲", "740")
        );
        assert_eq!(feb.axis, "Feb 23");
        let aug = &t.bars[7];
        assert_eq!(
            (aug.side, aug.label.as_str(), aug.axis.as_str()),
            ("under", "12,0%", "Agu 23")
        );
        // Other months: a bar, no label; no figure: no bar.
        assert!(t.bars[2].label.is_empty() && t.bars[2].height > 0 && t.bars[2].axis.is_empty());
        assert_eq!((t.bars[11].side, t.bars[11].height), ("none", 0));
        // Labels live above the plot, the target line inside it.
        assert!(Trend::LABEL_Y < t.top && t.target_y > t.top);
        assert!(t.bars.iter().all(|b| b.x >= t.left && b.x + b.width <= t.right));
    }

    #[test]
    fn growth_chart_places_points_on_round_axes() {
        assert!(growth(Lang::Id, "c", "t", "kg", []).is_none());
        let Some(g) = growth(Lang::Id, "c", "t", "kg", [(0, 3.2, false), (365, 9.6, true)]) else {
            panic!("a chart of two points");
        };
        // A year of age over the whole width; 2–11 kg in steps of 1 kg.
        assert_eq!(g.x_ticks.first(), Some(&(36, "0".to_string())));
        assert_eq!(g.x_ticks.last(), Some(&(356, "12".to_string())));
        assert_eq!(g.y_ticks.first().map(|t| t.1.as_str()), Some("2"));
        assert_eq!(g.y_ticks.last().map(|t| t.1.as_str()), Some("11"));
        assert_eq!(g.y_ticks.first().map(|t| t.0), Some(170));
        assert_eq!(g.y_ticks.last().map(|t| t.0), Some(10));
        assert!(g.dots[1].2 && !g.dots[0].2);
        assert_eq!(g.dots[1].3, "9,6 kg");
        assert_eq!(g.points.split(' ').count(), 2);
    }

    #[test]
    fn kms_places_the_standard_and_the_child_on_one_frame() {
        let curves = vec![(-3.0, vec![(0, 2.1), (731, 8.6)]), (0.0, vec![(0, 3.3), (731, 12.2)])];
        let k = kms(
            Lang::Id,
            24,
            &curves,
            [(0, 3.0, false), (365, 6.9, true), (900, 11.0, false)],
        );
        // Two years over the plot's width; the point past the axis is left out.
        assert_eq!(k.dots.len(), 2);
        assert_eq!(k.dots[0].0, k.left);
        assert!(k.dots[1].2 && k.dots[1].3 == "6,9 kg");
        assert_eq!(k.x_ticks.len(), 25);
        assert_eq!(k.x_ticks.last().map(|t| t.1.as_str()), Some("24"));
        // Kilograms from 2 to 14 (the top rounded up to an even number).
        assert_eq!(k.y_ticks.first().map(|t| (t.0, t.1.as_str())), Some((k.bottom, "2")));
        assert_eq!(k.y_ticks.last().map(|t| (t.0, t.1.as_str())), Some((k.top, "14")));
        assert_eq!(k.lines[0].class, "sd3");
        assert_eq!(k.lines[0].label, "−3");
        assert_eq!(k.lines[1].class, "median");
        assert_eq!(k.lines[1].points.split(' ').count(), 2);
    }
}
