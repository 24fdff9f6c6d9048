//! The geometry of the charts the server draws as SVG (viewBox units): the report's bar chart
//! of stunting per line and the child's growth chart of one measure over age. The templates
//! only place what these compute.

use crate::format::num;
use crate::i18n::Lang;

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

impl Default for Bars {
    fn default() -> Self {
        Bars { max: Self::MIN_MAX }
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
}
