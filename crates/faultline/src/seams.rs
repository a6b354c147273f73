//! Where core's rules plug into finishing an event: in-app rules, scrubbing, truncation
//! and fingerprint rules. Each is applied here and nowhere else, with the options that
//! configure it, so wiring in core's implementation is a change to this file only.

use faultline_core::{custom_fingerprint, default_fingerprint, Event, Grouping};

use crate::options::Options;

/// Marks frames in-app or not by `in_app_include` / `in_app_exclude`.
///
/// Core's in-app rules are the implementation; until they land, frames keep what core's
/// stack parser decided (every frame with a script URL is in-app).
pub(crate) fn apply_in_app_rules(_event: &mut Event, options: &Options) {
    let _rules = (&options.in_app_include, &options.in_app_exclude);
}

/// Removes personal data before anything is stored.
///
/// Core's scrubber is the implementation (query strings, passwords, tokens); what capture
/// itself guarantees without `send_default_pii` is that it never collects cookies, IP
/// addresses or input values, and drops any that an event brought along.
pub(crate) fn scrub(event: &mut Event, options: &Options) {
    if options.send_default_pii {
        return;
    }
    if let Some(request) = &mut event.request {
        request
            .headers
            .retain(|k, _| !k.eq_ignore_ascii_case("cookie"));
        request.other.remove("cookies");
    }
    if let Some(user) = &mut event.user {
        user.ip_address = None;
    }
}

/// Cuts an event to the sizes Sentry-compatible servers accept.
///
/// Core's truncation is the implementation; until it lands, the limits applied while
/// reading (8 KiB per message or value, 16 KiB of stack, 50 frames, bounded data) hold.
pub(crate) fn truncate(_event: &mut Event) {}

/// The event's grouping: its own fingerprint when it has one (`{{ default }}` expands),
/// else the default. Core's fingerprint rules (`fingerprint_rules`) plug in here.
pub(crate) fn grouping(event: &Event, options: &Options) -> Grouping {
    let _rules = options.fingerprint_rules.as_deref();
    if event.fingerprint.is_empty() {
        default_fingerprint(event)
    } else {
        custom_fingerprint(&event.fingerprint, event)
    }
}
