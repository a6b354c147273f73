//! The sync state in words, for the status bar.

use faultline_sync::SyncState;

use crate::format::grouped;
use crate::time_ago::{duration_words, time_ago};

/// How sync is doing: `ok`, `warn` or `error`, and a sentence.
pub fn sync_summary(state: &SyncState, now: i64) -> (&'static str, String) {
    let mut parts = vec![format!("Sync to {}", state.server)];
    parts.push(match state.pending {
        0 => "nothing pending".to_string(),
        n => format!("{} pending", grouped(n)),
    });
    if let Some(at) = state.last_success {
        parts.push(format!("last sent {}", time_ago(at.as_millis(), now)));
    }
    let mut class = "ok";
    if let Some(until) = state.rate_limited_until.filter(|t| t.as_millis() > now) {
        class = "warn";
        parts.push(format!(
            "rate limited for {}",
            duration_words(until.as_millis() - now)
        ));
    }
    if let Some(retry) = state.next_retry.filter(|t| t.as_millis() > now) {
        class = "warn";
        let error = state.last_error.as_deref().unwrap_or("an error");
        parts.push(format!(
            "{error}; retrying in {}",
            duration_words(retry.as_millis() - now)
        ));
    } else if state.failures > 0 {
        class = "error";
        parts.push(state.last_error.clone().unwrap_or_else(|| "failing".into()));
    }
    if state.dropped > 0 {
        parts.push(format!("{} refused by the server", grouped(state.dropped)));
    }
    (class, parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_core::Timestamp;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn state() -> SyncState {
        SyncState {
            server: "bugsink.local/1".into(),
            ..SyncState::default()
        }
    }

    #[wasm_bindgen_test]
    fn a_healthy_sync_says_where_and_when() {
        let s = SyncState {
            pending: 0,
            last_success: Some(Timestamp(40_000)),
            ..state()
        };
        assert_eq!(
            sync_summary(&s, 100_000),
            (
                "ok",
                "Sync to bugsink.local/1 · nothing pending · last sent 1 min ago".into()
            )
        );
    }

    #[wasm_bindgen_test]
    fn backoff_and_rate_limits_say_how_long() {
        let s = SyncState {
            pending: 3,
            last_error: Some("HTTP 503".into()),
            next_retry: Some(Timestamp(130_000)),
            failures: 2,
            ..state()
        };
        assert_eq!(
            sync_summary(&s, 100_000),
            (
                "warn",
                "Sync to bugsink.local/1 · 3 pending · HTTP 503; retrying in 30 s".into()
            )
        );
        let limited = SyncState {
            rate_limited_until: Some(Timestamp(160_000)),
            ..state()
        };
        assert_eq!(
            sync_summary(&limited, 100_000).1,
            "Sync to bugsink.local/1 · nothing pending · rate limited for 1 min"
        );
    }
}
