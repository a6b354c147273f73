//! Where core's rules plug into finishing an event: in-app rules, scrubbing, truncation
//! and fingerprint rules, each applied here with the options that configure it.

use faultline_core::{
    default_fingerprint, fingerprint_with, scrub_event, truncate_event, Event, FingerprintRules,
    Grouping, InAppRules, ScrubOptions,
};

use crate::options::Options;
use crate::stats::{bump, Counter};

/// Marks frames in-app or not by `inAppInclude` / `inAppExclude` (core's rules; native,
/// extension and Rust-runtime frames are never in-app).
pub(crate) fn apply_in_app_rules(event: &mut Event, options: &Options) {
    if options.in_app_include.is_empty() && options.in_app_exclude.is_empty() {
        return;
    }
    let rules = InAppRules {
        include: options.in_app_include.clone(),
        exclude: options.in_app_exclude.clone(),
        third_party_urls: Vec::new(),
    };
    for exception in event.exception.iter_mut().flat_map(|l| l.values.iter_mut()) {
        if let Some(stacktrace) = &mut exception.stacktrace {
            rules.apply(&mut stacktrace.frames);
        }
    }
}

/// Removes secrets and personal data before anything is stored: core's scrubber (keys
/// like `password`/`token`, bearer tokens, card numbers, sensitive query parameters and
/// headers), plus, without `sendDefaultPii`, cookies and the IP address.
pub(crate) fn scrub(event: &mut Event, options: &Options) {
    let scrub_options = ScrubOptions {
        send_default_pii: options.send_default_pii,
        extra_sensitive_keys: Vec::new(),
    };
    scrub_event(event, &scrub_options);
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

/// Cuts an event to the sizes Sentry-compatible servers accept (core's limits: 8 KiB
/// messages, 100 breadcrumbs, 100 tags, a byte budget for every free-form part, under 1 MB
/// in all) and counts it in `stats().truncated` once when anything of it was cut, here or
/// already on the page (`cut_before`: a text the sensors cut while reading it).
pub(crate) fn truncate(event: &mut Event, cut_before: bool) {
    let report = truncate_event(event);
    if cut_before || !report.nothing_cut() {
        bump(Counter::Truncated, 1);
    }
}

/// The event's grouping: the first matching fingerprint rule, else its own fingerprint
/// (`{{ default }}` expands), else the default.
pub(crate) fn grouping(event: &Event, rules: Option<&FingerprintRules>) -> Grouping {
    match rules {
        Some(rules) => fingerprint_with(event, rules),
        None => default_fingerprint(event),
    }
}
