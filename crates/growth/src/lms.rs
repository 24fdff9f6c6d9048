//! The LMS method: z-scores from a table row and back.
//!
//! Owns: the arithmetic of WHO's `compute_zscore` and
//! `compute_zscore_adjusted` (R package `anthro` 1.1.0), written in the same
//! order of operations so that results agree with WHO's to the last few bits,
//! and their inverses.
//!
//! * Plain: `z = ((y/M)^L − 1) / (S·L)`, used for length/height and head
//!   circumference, whose distributions have no skew worth restricting.
//! * Restricted: beyond ±3 the plain z is replaced by a linear extrapolation
//!   in SD units, `z* = ±3 + (y − SD(±3)) / (SD distance between ±2 and ±3)`,
//!   with `SD(k) = M·(1 + L·S·k)^(1/L)`. WHO uses it for the weight-based
//!   indicators (and MUAC) because the Box-Cox tail stretches extreme weights.
//!
//! `powf` is skipped when `L == 1`: `pow(x, 1)` is exactly `x`, so the result
//! is bit-identical and the length/height and head tables (all `L = 1`) cost a
//! division and a subtraction.

/// One row of a WHO table: Box-Cox power `l`, median `m`, coefficient of
/// variation `s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lms {
    /// Box-Cox power (never 0 in the WHO tables; `build.rs` checks).
    pub l: f64,
    /// Median, in the unit of the measurement.
    pub m: f64,
    /// Coefficient of variation.
    pub s: f64,
}

#[inline(always)]
fn pow(x: f64, p: f64) -> f64 {
    if p == 1.0 { x } else { x.powf(p) }
}

impl Lms {
    /// A row from its three parameters.
    pub const fn new(l: f64, m: f64, s: f64) -> Self {
        Self { l, m, s }
    }

    /// Plain LMS z-score of measurement `y`. Not finite when `y ≤ 0` for some
    /// `L`; callers guard.
    ///
    /// ```
    /// use lintas_growth::Lms;
    /// let row = Lms::new(1.0, 50.0, 0.04);
    /// assert!((row.z(52.0) - 1.0).abs() < 1e-12);
    /// ```
    #[inline]
    pub fn z(&self, y: f64) -> f64 {
        (pow(y / self.m, self.l) - 1.0) / (self.s * self.l)
    }

    /// The measurement at z-score `z` on the plain LMS curve:
    /// `M·(1 + L·S·z)^(1/L)`. NaN where the curve does not reach (`1 + L·S·z ≤ 0`).
    #[inline]
    pub fn value_at(&self, z: f64) -> f64 {
        self.m * pow(1.0 + self.l * self.s * z, 1.0 / self.l)
    }

    /// WHO's restricted z-score: plain inside ±3, linear in SD units outside.
    ///
    /// ```
    /// use lintas_growth::Lms;
    /// let row = Lms::new(-0.3521, 10.0, 0.08);
    /// let y = row.value_at(3.0) + 2.0 * (row.value_at(3.0) - row.value_at(2.0));
    /// assert!((row.z_restricted(y) - 5.0).abs() < 1e-9);
    /// ```
    #[inline]
    pub fn z_restricted(&self, y: f64) -> f64 {
        let z = self.z(y);
        if z > 3.0 {
            self.beyond_plus3(y)
        } else if z < -3.0 {
            self.beyond_minus3(y)
        } else {
            z
        }
    }

    // Kept out of line: only a few percent of children are beyond ±3.
    #[cold]
    #[inline(never)]
    fn beyond_plus3(&self, y: f64) -> f64 {
        let sd3 = self.value_at(3.0);
        let sd23 = sd3 - self.value_at(2.0);
        3.0 + (y - sd3) / sd23
    }

    #[cold]
    #[inline(never)]
    fn beyond_minus3(&self, y: f64) -> f64 {
        let sd3 = self.value_at(-3.0);
        let sd23 = self.value_at(-2.0) - sd3;
        -3.0 + (y - sd3) / sd23
    }

    /// The measurement whose restricted z-score is `z`: the inverse of
    /// [`Lms::z_restricted`].
    pub fn value_at_restricted(&self, z: f64) -> f64 {
        if z > 3.0 {
            let sd3 = self.value_at(3.0);
            sd3 + (z - 3.0) * (sd3 - self.value_at(2.0))
        } else if z < -3.0 {
            let sd3 = self.value_at(-3.0);
            sd3 + (z + 3.0) * (self.value_at(-2.0) - sd3)
        } else {
            self.value_at(z)
        }
    }

    /// Linear interpolation of each parameter, as WHO does between 0.1 cm rows:
    /// `X = X_low + diff·(X_up − X_low)`.
    #[inline]
    pub fn interpolate(low: &Lms, up: &Lms, diff: f64) -> Lms {
        Lms {
            l: low.l + diff * (up.l - low.l),
            m: low.m + diff * (up.m - low.m),
            s: low.s + diff * (up.s - low.s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_inverse_agree() {
        let row = Lms::new(0.3487, 3.3464, 0.14602);
        for z in [-4.0, -2.5, 0.0, 1.3, 3.0, 4.5] {
            let y = row.value_at(z);
            assert!((row.z(y) - z).abs() < 1e-12, "{z}");
        }
        assert!((row.value_at(0.0) - 3.3464).abs() < 1e-15);
    }

    #[test]
    fn restricted_is_continuous_at_3() {
        let row = Lms::new(-0.3833, 12.0, 0.09);
        for k in [3.0, -3.0] {
            let y = row.value_at(k);
            assert!((row.z_restricted(y) - k).abs() < 1e-9);
            let y = row.value_at_restricted(k + 1e-9 * k.signum());
            assert!((row.z_restricted(y) - k).abs() < 1e-6);
        }
    }
}
