//! An export's records read into core's types, each checked on its own: counts must be
//! counts (a too large one is clamped and reported), times must fall between 1970 and
//! 9999, ids must be readable. A record that fails is a problem with its reason.

use faultline_core::{
    count_from_f64, BadCount, CounterUnit, EventId, ExportContents, ExportedActivity,
    ExportedCounter, ExportedEvent, ExportedIssue, ExportedUser, ImportProblem, Level, RecordKind,
    Timestamp, MAX_COUNT,
};
use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::activity::activity_from_record;
use crate::event_record::event_body;
use crate::export::array;
use crate::issue_record::issue_from_record;
use crate::js_write::{get_num, get_str};

/// An export as read: its records in core's types, the event records themselves (their
/// bodies are copied as they are), and what could not be read.
pub(crate) struct ExportFile {
    /// What was read.
    pub contents: ExportContents,
    /// The `events` array, by position.
    pub events: Array,
    /// Records rejected or repaired while reading.
    pub problems: Vec<ImportProblem>,
}

/// Reads every record of `data`.
pub(crate) fn read_export(data: &JsValue) -> ExportFile {
    let mut problems = Vec::new();
    let mut contents = ExportContents::default();
    let events = array(data, "events");
    let mut read_all =
        |kind: RecordKind,
         key: &str,
         read: &mut dyn FnMut(usize, &JsValue, &mut Fields) -> Result<(), String>| {
            for (index, record) in array(data, key).iter().enumerate() {
                let mut fields = Fields {
                    record: &record,
                    repairs: Vec::new(),
                };
                match read(index, &record, &mut fields) {
                    Ok(()) => problems.extend(
                        fields
                            .repairs
                            .into_iter()
                            .map(|reason| ImportProblem::repaired(kind, index, reason)),
                    ),
                    Err(reason) => problems.push(ImportProblem::rejected(kind, index, reason)),
                }
            }
        };
    read_all(RecordKind::Issue, "issues", &mut |index, record, fields| {
        contents.issues.push(read_issue(index, record, fields)?);
        Ok(())
    });
    read_all(RecordKind::Event, "events", &mut |index, record, fields| {
        contents.events.push(read_event(index, record, fields)?);
        Ok(())
    });
    read_all(RecordKind::User, "users", &mut |index, _, fields| {
        let issue = fields.id("issueId")?;
        contents.users.push(ExportedUser {
            index,
            exported_issue: issue,
            tally: issue,
            key: fields.text("key")?,
        });
        Ok(())
    });
    read_all(RecordKind::Counter, "counters", &mut |index, _, fields| {
        contents.counters.push(read_counter(index, fields)?);
        Ok(())
    });
    read_all(
        RecordKind::Activity,
        "activity",
        &mut |index, record, fields| {
            let exported_issue = fields.id("issueId")?;
            fields.time("at")?;
            let activity =
                activity_from_record(record).ok_or("not a history entry this version reads")?;
            contents.activity.push(ExportedActivity {
                index,
                exported_issue,
                activity,
            });
            Ok(())
        },
    );
    ExportFile {
        contents,
        events,
        problems,
    }
}

/// A number as JavaScript writes it (`1e+300`, `NaN`, `-3`), without Rust's float
/// formatting in the wasm.
fn number_text(value: f64) -> String {
    String::from(
        js_sys::Number::from(value)
            .to_string_with_radix(10)
            .unwrap_or_else(|_| "NaN".into()),
    )
}

/// One record's fields, checked as they are read; repairs are noted.
struct Fields<'a> {
    record: &'a JsValue,
    repairs: Vec<String>,
}

impl Fields<'_> {
    fn number(&self, key: &str) -> Result<f64, String> {
        get_num(self.record, key).ok_or_else(|| format!("{key} is missing or not a number"))
    }

    /// A count; one above the largest count is clamped to it, and that is a repair.
    fn count(&mut self, key: &str) -> Result<u64, String> {
        let value = self.number(key)?;
        match count_from_f64(value) {
            Ok(count) => Ok(count),
            Err(too_large @ BadCount::TooLarge(_)) => {
                let reason = too_large.reason();
                let value = number_text(value);
                self.repairs
                    .push(format!("{key} {value} {reason}, clamped to {MAX_COUNT}"));
                Ok(MAX_COUNT)
            }
            Err(bad) => Err(format!("{key} {} {}", number_text(value), bad.reason())),
        }
    }

    /// A number that names something (an issue, a bucket): a count, exactly.
    fn id(&self, key: &str) -> Result<u64, String> {
        let value = self.number(key)?;
        count_from_f64(value)
            .map_err(|bad| format!("{key} {} {}", number_text(value), bad.reason()))
    }

    fn time(&self, key: &str) -> Result<Timestamp, String> {
        let ms = self.number(key)?;
        Timestamp::from_millis_f64(ms).ok_or_else(|| {
            let ms = number_text(ms);
            format!("{key} {ms} is not a time between 1970 and 9999")
        })
    }

    fn text(&self, key: &str) -> Result<String, String> {
        get_str(self.record, key).ok_or_else(|| format!("{key} is missing or not text"))
    }
}

fn read_issue(
    index: usize,
    record: &JsValue,
    fields: &mut Fields,
) -> Result<ExportedIssue, String> {
    let exported_id = fields.id("id")?;
    let count = fields.count("count")?;
    let user_count = fields.count("userCount")?;
    for key in ["firstSeenMs", "lastSeenMs", "statusChangedMs"] {
        fields.time(key)?;
    }
    if get_num(record, "resolvedAtMs").is_some() {
        fields.time("resolvedAtMs")?;
    }
    let (mut issue, _) = issue_from_record(record).map_err(|error| error.to_string())?;
    issue.count = count;
    issue.user_count = user_count;
    Ok(ExportedIssue {
        index,
        exported_id,
        issue,
    })
}

fn read_event(
    index: usize,
    record: &JsValue,
    fields: &mut Fields,
) -> Result<ExportedEvent, String> {
    let text = fields.text("id")?;
    let id = EventId::parse(&text).map_err(|_| format!("id \"{text}\" is not an event id"))?;
    let exported_issue = fields.id("issueId")?;
    let timestamp = fields.time("ts")?;
    let body = event_body(record)
        .filter(JsValue::is_object)
        .ok_or("it has no event body")?;
    let size = match get_num(record, "size").map(count_from_f64) {
        Some(Ok(size)) if size > 0 => size,
        _ => {
            let measured =
                js_sys::JSON::stringify(&body).map_or(1, |json| u64::from(json.length()));
            fields
                .repairs
                .push(format!("size was not a byte count: measured as {measured}"));
            measured
        }
    };
    // A body of a merged issue names its part; one without names its issue.
    let tally = get_num(record, "part")
        .and_then(|n| count_from_f64(n).ok())
        .unwrap_or(exported_issue);
    Ok(ExportedEvent {
        index,
        exported_issue,
        tally,
        id,
        timestamp,
        size,
        level: get_str(&body, "level")
            .and_then(|level| Level::parse(&level))
            .unwrap_or(Level::Error),
        release: get_str(&body, "release"),
        environment: get_str(&body, "environment"),
    })
}

fn read_counter(index: usize, fields: &mut Fields) -> Result<ExportedCounter, String> {
    let exported_issue = fields.id("issueId")?;
    let name = fields.text("unit")?;
    let unit = CounterUnit::parse(&name).ok_or_else(|| format!("unit \"{name}\" is not h or d"))?;
    let bucket = fields.id("bucket")?;
    let latest = unit.bucket(Timestamp::LATEST);
    let bucket = i64::try_from(bucket)
        .ok()
        .filter(|bucket| *bucket <= latest)
        .ok_or_else(|| format!("bucket {bucket} is after the year 9999"))?;
    Ok(ExportedCounter {
        index,
        exported_issue,
        tally: exported_issue,
        unit,
        bucket,
        count: fields.count("n")?,
    })
}
