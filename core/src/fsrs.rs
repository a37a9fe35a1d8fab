//! The FSRS-5 spaced-repetition model (Free Spaced Repetition Scheduler),
//! implemented from its published formulas with its published default
//! parameters.
//!
//! A card's memory is its *stability* S (days until recall drops to 90%) and
//! *difficulty* D (1–10). After `t` days the chance of recall is
//! `R(t, S) = (1 + FACTOR · t / S)^DECAY` with `DECAY = -0.5` and
//! `FACTOR = 0.9^(1/DECAY) - 1 = 19/81`. A review rated G (1 again, 2 hard,
//! 3 good, 4 easy) updates the memory:
//!
//! - first review: `S = w[G-1]`, `D = w4 - e^(w5·(G-1)) + 1`;
//! - difficulty: `D' = w7·D0(4) + (1 - w7)·(D - w6·(G - 3))`, clamped to 1–10;
//! - recalled (G ≥ 2): `S' = S·(1 + e^w8·(11 - D)·S^-w9·(e^(w10·(1-R)) - 1)·h·b)`
//!   with `h = w15` if hard, `b = w16` if easy, else 1;
//! - forgotten (G = 1): `S' = min(w11·D^-w12·((S+1)^w13 - 1)·e^(w14·(1-R)), S)`;
//! - reviewed again the same day: `S' = S·e^(w17·(G - 3 + w18))`.
//!
//! The next review is due when R falls to the desired retention, after
//! `I = S / FACTOR · (r^(1/DECAY) - 1)` days (exactly S for r = 0.9).
//!
//! ```
//! use grill_core::fsrs::{Fsrs, Rating};
//!
//! let fsrs = Fsrs::default();
//! let first = fsrs.first_review(Rating::Good);
//! assert!((first.stability - 3.173).abs() < 1e-9);
//! // Reviewed on time and recalled: the next interval grows.
//! let second = fsrs.review(first, first.stability, Rating::Good);
//! assert!(fsrs.interval(second.stability) > 3.0 * fsrs.interval(first.stability));
//! ```

/// The FSRS-5 default parameters `w0..w18`.
pub const DEFAULT_WEIGHTS: [f64; 19] = [
    0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
    1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
];
/// The forgetting curve's exponent.
pub const DECAY: f64 = -0.5;
/// The forgetting curve's scale, chosen so that `R(S, S) = 0.9`.
pub const FACTOR: f64 = 19.0 / 81.0;
/// The retention the schedule aims for by default.
pub const DEFAULT_RETENTION: f64 = 0.9;

/// How well a question was recalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Rating {
    /// Forgotten.
    Again = 1,
    /// Recalled with serious difficulty.
    Hard = 2,
    /// Recalled.
    Good = 3,
    /// Recalled easily.
    Easy = 4,
}

impl Rating {
    /// The rating for 1–4, if it is one.
    pub fn from_number(n: u8) -> Option<Rating> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    fn grade(self) -> f64 {
        f64::from(self as u8)
    }
}

/// A card's memory state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// Days until the chance of recall falls to 90%.
    pub stability: f64,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f64,
}

/// The scheduler: parameters and desired retention.
#[derive(Debug, Clone, PartialEq)]
pub struct Fsrs {
    /// The model parameters `w0..w18`.
    pub weights: [f64; 19],
    /// The chance of recall at which a review falls due.
    pub retention: f64,
}

impl Default for Fsrs {
    fn default() -> Fsrs {
        Fsrs {
            weights: DEFAULT_WEIGHTS,
            retention: DEFAULT_RETENTION,
        }
    }
}

impl Fsrs {
    /// The chance of recall after `elapsed_days` for a memory of `stability`.
    pub fn retrievability(&self, elapsed_days: f64, stability: f64) -> f64 {
        let t = elapsed_days.max(0.0);
        (1.0 + FACTOR * t / stability.max(0.01)).powf(DECAY)
    }

    /// Days from a review until the next falls due.
    pub fn interval(&self, stability: f64) -> f64 {
        let r = self.retention.clamp(0.01, 0.99);
        stability / FACTOR * (r.powf(1.0 / DECAY) - 1.0)
    }

    /// The memory after the first review of a question.
    pub fn first_review(&self, rating: Rating) -> Memory {
        let w = &self.weights;
        Memory {
            stability: w[rating as usize - 1].max(0.01),
            difficulty: self.initial_difficulty(rating).clamp(1.0, 10.0),
        }
    }

    /// The memory after a review `elapsed_days` after the previous one.
    pub fn review(&self, memory: Memory, elapsed_days: f64, rating: Rating) -> Memory {
        let w = &self.weights;
        let (s, d) = (
            memory.stability.max(0.01),
            memory.difficulty.clamp(1.0, 10.0),
        );
        let difficulty = (w[7] * self.initial_difficulty(Rating::Easy)
            + (1.0 - w[7]) * (d - w[6] * (rating.grade() - 3.0)))
            .clamp(1.0, 10.0);
        let stability = if elapsed_days < 1.0 {
            // Reviewed again the same day: the short-term formula.
            s * (w[17] * (rating.grade() - 3.0 + w[18])).exp()
        } else {
            let r = self.retrievability(elapsed_days, s);
            if rating == Rating::Again {
                let forget = w[11]
                    * d.powf(-w[12])
                    * ((s + 1.0).powf(w[13]) - 1.0)
                    * (w[14] * (1.0 - r)).exp();
                forget.min(s)
            } else {
                let hard = if rating == Rating::Hard { w[15] } else { 1.0 };
                let easy = if rating == Rating::Easy { w[16] } else { 1.0 };
                s * (1.0
                    + w[8].exp()
                        * (11.0 - d)
                        * s.powf(-w[9])
                        * ((w[10] * (1.0 - r)).exp() - 1.0)
                        * hard
                        * easy)
            }
        };
        Memory {
            stability: stability.max(0.01),
            difficulty,
        }
    }

    fn initial_difficulty(&self, rating: Rating) -> f64 {
        let w = &self.weights;
        w[4] - (w[5] * (rating.grade() - 1.0)).exp() + 1.0
    }
}
