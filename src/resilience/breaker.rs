//! The circuit breaker as a pure state machine: every decision is a function
//! of (state, outcome, now), so tests need no clock and no sleeping.
//!
//! CLOSED -(threshold consecutive failed calls)-> OPEN -(cooldown)-> HALFOPEN,
//! where exactly one caller is let through as the probe, under a lease that
//! expires so a probe that died cannot leave the circuit stuck. Probe
//! success closes it; probe failure opens it again with a new cooldown.
//!
//! The state is shared by all PHP processes through the store; the caller
//! applies each transition as a compare-and-swap on the stored row, so two
//! processes can never both take the probe or lose each other's failures.

/// Circuit state, as stored and shown on the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Closed,
    Open,
    HalfOpen,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Closed => "closed",
            State::Open => "open",
            State::HalfOpen => "halfopen",
        }
    }

    pub fn parse(raw: &str) -> Self {
        match raw {
            "open" => State::Open,
            "halfopen" => State::HalfOpen,
            _ => State::Closed,
        }
    }
}

/// One service's breaker. Times are Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breaker {
    pub state: State,
    /// Consecutive failed calls.
    pub failures: u32,
    /// When the circuit last opened.
    pub opened_at: f64,
    /// In HALFOPEN: when the probe's lease ends.
    pub probe_until: f64,
}

impl Default for Breaker {
    fn default() -> Self {
        Self {
            state: State::Closed,
            failures: 0,
            opened_at: 0.0,
            probe_until: 0.0,
        }
    }
}

/// A service's breaker settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Consecutive failed calls that open the circuit.
    pub threshold: u32,
    /// Seconds the circuit stays open before a probe.
    pub cooldown: f64,
    /// Seconds a probe may take before another caller may probe.
    pub lease: f64,
}

/// What a caller may do now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Admission {
    /// Go ahead, with retries.
    Pass,
    /// Go ahead as the one probe (a single attempt), once `next` is stored.
    Probe { next: Breaker },
    /// Fail fast; a probe may be possible in `retry_in` seconds.
    Reject { retry_in: f64 },
}

/// How a call ended, as far as the breaker cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The service answered sensibly (2xx, or a 4xx that is the caller's
    /// problem).
    Healthy,
    /// A failure that counts: connection error, timeout, 5xx, 429.
    Unhealthy,
}

impl Breaker {
    /// Whether the caller may go ahead at `now`.
    pub fn admit(&self, params: &Params, now: f64) -> Admission {
        match self.state {
            State::Closed => Admission::Pass,
            State::Open if now >= self.opened_at + params.cooldown => self.lease(params, now),
            State::Open => Admission::Reject {
                retry_in: self.opened_at + params.cooldown - now,
            },
            State::HalfOpen if now >= self.probe_until => self.lease(params, now),
            State::HalfOpen => Admission::Reject {
                retry_in: self.probe_until - now,
            },
        }
    }

    fn lease(&self, params: &Params, now: f64) -> Admission {
        Admission::Probe {
            next: Breaker {
                state: State::HalfOpen,
                probe_until: now + params.lease,
                ..*self
            },
        }
    }

    /// The state after a call ends. `probe` says whether this call was the
    /// probe; a straggler admitted before the circuit opened changes
    /// nothing but a closed circuit's count.
    pub fn record(&self, params: &Params, outcome: Outcome, probe: bool, now: f64) -> Breaker {
        match (self.state, outcome, probe) {
            (State::Closed, Outcome::Healthy, _) => Breaker {
                failures: 0,
                ..*self
            },
            (State::Closed, Outcome::Unhealthy, _) => {
                let failures = self.failures.saturating_add(1);
                if failures >= params.threshold {
                    self.open(failures, now)
                } else {
                    Breaker { failures, ..*self }
                }
            }
            (State::HalfOpen, Outcome::Healthy, true) => Breaker::default(),
            (State::HalfOpen, Outcome::Unhealthy, true) => {
                self.open(self.failures.saturating_add(1), now)
            }
            _ => *self,
        }
    }

    fn open(&self, failures: u32, now: f64) -> Breaker {
        Breaker {
            state: State::Open,
            failures,
            opened_at: now,
            probe_until: 0.0,
        }
    }

    /// Seconds until a probe may go, for the dashboard (0 unless open).
    pub fn retry_in(&self, params: &Params, now: f64) -> f64 {
        match self.admit(params, now) {
            Admission::Reject { retry_in } if self.state == State::Open => retry_in.max(0.0),
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: Params = Params {
        threshold: 3,
        cooldown: 30.0,
        lease: 10.0,
    };

    fn fail(b: Breaker, now: f64) -> Breaker {
        b.record(&PARAMS, Outcome::Unhealthy, false, now)
    }

    #[test]
    fn opens_after_threshold_consecutive_failures_only() {
        let mut b = Breaker::default();
        b = fail(b, 1.0);
        b = fail(b, 2.0);
        // A healthy call in between resets the count: failures must be consecutive.
        b = b.record(&PARAMS, Outcome::Healthy, false, 3.0);
        assert_eq!((b.state, b.failures), (State::Closed, 0));
        for t in 4..6 {
            b = fail(b, t as f64);
            assert_eq!(b.state, State::Closed);
        }
        b = fail(b, 6.0);
        assert_eq!((b.state, b.failures, b.opened_at), (State::Open, 3, 6.0));
    }

    #[test]
    fn open_rejects_until_cooldown_then_leases_one_probe() {
        let open = Breaker {
            state: State::Open,
            failures: 3,
            opened_at: 100.0,
            probe_until: 0.0,
        };
        assert_eq!(
            open.admit(&PARAMS, 110.0),
            Admission::Reject { retry_in: 20.0 }
        );
        assert_eq!(open.retry_in(&PARAMS, 110.0), 20.0);
        let Admission::Probe { next } = open.admit(&PARAMS, 130.0) else {
            panic!("cooldown elapsed: a probe is due");
        };
        assert_eq!((next.state, next.probe_until), (State::HalfOpen, 140.0));
        // While the lease runs, everyone else fails fast.
        assert_eq!(
            next.admit(&PARAMS, 135.0),
            Admission::Reject { retry_in: 5.0 }
        );
        assert_eq!(next.retry_in(&PARAMS, 135.0), 0.0);
        // A probe that never reported loses its lease.
        assert!(matches!(
            next.admit(&PARAMS, 140.0),
            Admission::Probe { .. }
        ));
    }

    #[test]
    fn probe_outcome_closes_or_reopens() {
        let half = Breaker {
            state: State::HalfOpen,
            failures: 3,
            opened_at: 100.0,
            probe_until: 140.0,
        };
        assert_eq!(
            half.record(&PARAMS, Outcome::Healthy, true, 131.0),
            Breaker::default()
        );
        let again = half.record(&PARAMS, Outcome::Unhealthy, true, 131.0);
        assert_eq!(
            (again.state, again.opened_at, again.failures),
            (State::Open, 131.0, 4)
        );
        assert!(matches!(
            again.admit(&PARAMS, 150.0),
            Admission::Reject { .. }
        ));
    }

    #[test]
    fn stragglers_do_not_move_an_open_or_probing_circuit() {
        let open = fail(fail(fail(Breaker::default(), 1.0), 2.0), 3.0);
        assert_eq!(open.record(&PARAMS, Outcome::Healthy, false, 4.0), open);
        assert_eq!(open.record(&PARAMS, Outcome::Unhealthy, false, 4.0), open);
        let Admission::Probe { next: half } = open.admit(&PARAMS, 40.0) else {
            panic!("probe due")
        };
        assert_eq!(half.record(&PARAMS, Outcome::Healthy, false, 41.0), half);
    }

    #[test]
    fn state_names_round_trip() {
        for state in [State::Closed, State::Open, State::HalfOpen] {
            assert_eq!(State::parse(state.as_str()), state);
        }
    }
}
