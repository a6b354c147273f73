//! Finishing a captured event, off the synchronous path: build it from what was read,
//! add context and scope, apply core's rules, filters and `before_send`, group it, and
//! dedupe it. The order is Sentry's: filters before `before_send`, grouping last.

use faultline_core::{
    parse_user_agent, Event, Exception, ExceptionList, NameVersion, Request, Sdk,
};
use faultline_idb::Grouped;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;

use crate::client::{busy, with_client, Body, Pending};
use crate::guard::KeyHasher;
use crate::options::Options;
use crate::seams;
use crate::stats::{bump, Counter};

/// Finishes `p`; `None` when it was filtered or dropped by `before_send` (and counted). In
/// the JS package's engine `before_send` runs on the page (`drain::finish_through`).
pub(crate) fn finish(p: Pending) -> Option<Finished> {
    let prepared = prepare(p)?;
    #[cfg(feature = "rust-api")]
    let prepared = crate::hooks::before_send(prepared)?;
    complete(prepared)
}

/// An event built and past the filters, waiting for `before_send`.
pub(crate) struct Prepared {
    /// The event as `before_send` sees it.
    pub event: Event,
    /// How many events it stands for.
    pub occurrences: u64,
    /// The original thrown value, for `before_send`'s hint (the Rust path's hook).
    #[cfg_attr(not(feature = "rust-api"), allow(dead_code))]
    pub hint: JsValue,
    /// The options it was prepared with.
    pub options: std::rc::Rc<Options>,
    rules: Option<std::rc::Rc<faultline_core::FingerprintRules>>,
    /// Whether the sensors cut a text of it while reading it (counted with the cuts of
    /// truncation, once per event).
    cut_on_page: bool,
}

/// Builds the event and applies the in-app rules and filters; `None` when filtered or
/// when there is no client (either counted).
pub(crate) fn prepare(p: Pending) -> Option<Prepared> {
    let occurrences = p.occurrences;
    let Some((options, user_agent, rules)) =
        with_client(|c| (c.options.clone(), c.user_agent.clone(), c.rules.clone()))
    else {
        // Closed meanwhile, or the client is in use: the event is lost, and counted.
        bump(Counter::InternalError, occurrences);
        return None;
    };
    let hint = p.hint.clone();
    let cut_on_page = matches!(&p.body, Body::Error { raw, .. } if raw.truncated);
    let mut event = busy(|| build(p, &options, &user_agent));
    seams::apply_in_app_rules(&mut event, &options);
    if is_filtered(&event, &options) {
        bump(Counter::Ignored, occurrences);
        return None;
    }
    Some(Prepared {
        event,
        occurrences,
        hint,
        options,
        rules,
        cut_on_page,
    })
}

/// After `before_send`: scrubs, truncates, groups and dedupes the event.
pub(crate) fn complete(prepared: Prepared) -> Option<Finished> {
    let Prepared {
        mut event,
        occurrences: n,
        options,
        rules,
        cut_on_page,
        ..
    } = prepared;
    seams::scrub(&mut event, &options);
    seams::truncate(&mut event, cut_on_page);
    let grouping = seams::grouping(&event, rules.as_deref());
    let grouped = Grouped::new(event, grouping);
    if !options.integrations.dedupe {
        return Some(Finished::Body(grouped));
    }
    let signature = signature(&grouped.event, grouped.grouping.fingerprint.as_str());
    let at = grouped.event.timestamp;
    with_client(|c| {
        if c.dedupe.is_repeat(signature, at.0) {
            if let Some(mut repeat) = c.last_stored.clone() {
                // The repeat counts once on the issue; the rest of a tally only here.
                bump(Counter::Deduped, 1);
                bump(Counter::RateLimited, n - 1);
                repeat.event.timestamp = at;
                return Some(Finished::Repeat(repeat));
            }
        }
        c.last_stored = Some(grouped.clone());
        Some(Finished::Body(grouped))
    })
    .unwrap_or_else(|| {
        // Closed meanwhile, or the client is in use: lost, and counted.
        bump(Counter::InternalError, n);
        None
    })
}

/// A finished event: a body to store, or a repeat of the last stored one.
pub(crate) enum Finished {
    /// A new body.
    Body(Grouped),
    /// A repeat of the last stored body, with the repeat's time: counted on its issue,
    /// not stored again.
    Repeat(Grouped),
}

/// The event as captured, with release, context and scope.
fn build(p: Pending, o: &Options, user_agent: &str) -> Event {
    let (mut e, body) = match p.body {
        Body::Event(event) => (*event, None),
        other => (Event::default(), Some(other)),
    };
    e.event_id = p.id;
    e.timestamp = p.at;
    if e.platform.is_empty() {
        e.platform = "javascript".into();
    }
    e.release = e.release.or_else(|| o.release.clone());
    e.environment = e.environment.or_else(|| o.environment.clone());
    e.dist = e.dist.or_else(|| o.dist.clone());
    e.sdk = Some(Sdk {
        name: "faultline.javascript".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        ..Sdk::default()
    });
    match body {
        None | Some(Body::Event(_)) => {}
        Some(Body::Error {
            raw,
            how,
            origin,
            cross_origin,
        }) => {
            let mut values = raw.exceptions(how, &origin, o.integrations.linked_errors);
            if cross_origin {
                cross_origin_script_error(&mut e, &mut values);
            }
            e.exception = Some(ExceptionList { values });
        }
        Some(Body::Message { text, level }) => {
            e.message = Some(text);
            e.level = level;
        }
        #[cfg(feature = "rust-api")]
        Some(Body::Panic {
            message,
            location,
            stack,
        }) => crate::panic::panic_event(&mut e, message, location, &stack),
    }
    if o.integrations.http_context {
        add_page_context(&mut e, p.url, user_agent);
    }
    p.scope.apply_to(&mut e);
    e
}

/// `Script error.` from a script on another origin: one issue, tagged, with the fix in
/// its extra data (the browser hides the real error unless the script is loaded with
/// `crossorigin` and served with CORS headers).
fn cross_origin_script_error(e: &mut Event, values: &mut [Exception]) {
    if let Some(x) = values.last_mut() {
        x.ty = Some("Error".into());
        x.value = Some("Script error.".into());
    }
    e.tags.insert("cross_origin".into(), "true".into());
    e.fingerprint = vec!["cross-origin-script-error".into()];
    e.extra.insert(
        "faultline_hint".into(),
        Value::from("A script from another origin threw; browsers hide its details. Load it with crossorigin=\"anonymous\" and serve it with Access-Control-Allow-Origin to see the real error."),
    );
}

/// The page URL, the user agent and the `browser` and `os` contexts parsed from it.
fn add_page_context(e: &mut Event, url: Option<String>, user_agent: &str) {
    let request = e.request.get_or_insert_with(Request::default);
    if request.url.is_none() {
        request.url = url;
    }
    if !user_agent.is_empty() {
        request
            .headers
            .entry("User-Agent".into())
            .or_insert_with(|| user_agent.to_string());
    }
    let ua = parse_user_agent(user_agent);
    for (key, part) in [("browser", ua.browser), ("os", ua.os)] {
        if let Some(NameVersion { name, version }) = part {
            let mut ctx = Map::new();
            ctx.insert("type".into(), Value::from(key));
            ctx.insert("name".into(), Value::from(name));
            ctx.insert("version".into(), Value::from(version));
            e.contexts.0.entry(key.into()).or_insert(Value::Object(ctx));
        }
    }
}

/// Whether `ignore_errors`, `deny_urls` or `allow_urls` drop the event.
fn is_filtered(e: &Event, o: &Options) -> bool {
    let mut messages: Vec<String> = e.message.iter().cloned().collect();
    if let Some(x) = e.primary_exception() {
        let value = x.value.clone().unwrap_or_default();
        messages.push(x.ty.clone().unwrap_or_default() + ": " + &value);
        messages.push(value);
    }
    if o.ignore_errors
        .iter()
        .any(|p| messages.iter().any(|m| p.matches(m)))
    {
        return true;
    }
    let Some(url) = crashing_url(e) else {
        return false;
    };
    o.deny_urls.iter().any(|p| p.matches(url))
        || (!o.allow_urls.is_empty() && !o.allow_urls.iter().any(|p| p.matches(url)))
}

/// The URL of the crashing frame (the last frame with a script URL).
fn crashing_url(e: &Event) -> Option<&str> {
    let frames = &e.primary_exception()?.stacktrace.as_ref()?.frames;
    frames
        .iter()
        .rev()
        .filter_map(|f| f.abs_path.as_deref())
        .find(|u| !matches!(*u, "<anonymous>" | "[native code]"))
}

/// What makes two events the same for dedupe: message, exceptions with their frames,
/// and the fingerprint.
fn signature(e: &Event, fingerprint: &str) -> u64 {
    let mut h = KeyHasher::new();
    h.part(e.message.as_deref().unwrap_or("")).part(fingerprint);
    for x in e.exception.iter().flat_map(|l| &l.values) {
        h.part(x.ty.as_deref().unwrap_or(""))
            .part(x.value.as_deref().unwrap_or(""));
        for f in x.stacktrace.iter().flat_map(|s| &s.frames) {
            h.part(f.function.as_deref().unwrap_or(""))
                .part(f.abs_path.as_deref().unwrap_or(""))
                .num(f.lineno.unwrap_or(0))
                .num(f.colno.unwrap_or(0));
        }
    }
    h.finish()
}
