//! The search index: every issue as one short text entry, [`ISSUES_PER_CHUNK`] entries to
//! a stored chunk, so a search of 10,000 issues reads about 40 records of plain text
//! instead of 10,000 issue objects with their nested fields.
//!
//! An entry holds every field of an [`Issue`] that search, sort and a row of the stream
//! show: all of them but the fingerprint and the grouping config. Storage rewrites the
//! chunks of the issues a write changes in the same transaction ([`search_chunks_of`],
//! [`update_chunks`]), so the index is never behind the issues it describes.
//!
//! # The text
//!
//! A chunk is its entries in ascending issue id, each written as a text field (below)
//! holding the entry's own fields. Fields follow each other with no separator:
//!
//! - a number: decimal digits, with a leading `-` when negative, then `,`;
//! - a text: its length in UTF-8 bytes, `:`, then the text itself (any characters);
//! - an optional text or number: `~` when absent;
//! - a list of texts: its length as a number, then each text.
//!
//! An entry: id, title, culprit?, error type?, level (0 debug ... 4 fatal), status (a
//! letter and its details, see [`write_status`]), substatus (0 new ... 6 resolved), status
//! changed (ms), resolved at (ms)?, events, users, first seen (ms), last seen (ms), first
//! release?, last release?, releases, environments, then, when the issue has any of them,
//! its assignee?, its number of notes and the ids its users and counters are stored under
//! besides its own (its merged parts: a count, then each id). An entry without that tail
//! reads as unassigned, with no notes and no parts, so entries written before merges,
//! notes and assignees existed read as they were. Reading is total: an entry that does not
//! read whole is counted and skipped, and the rest of its chunk still reads.

use crate::{Fingerprint, Ignore, Issue, IssueId, Level, Status, Substatus, Timestamp};

/// Issues per chunk: chunk `n` holds issues `256 n ..= 256 n + 255`.
pub const ISSUES_PER_CHUNK: u64 = 256;

/// The chunk that holds `issue`'s entry.
pub fn search_chunk_of(issue: IssueId) -> u64 {
    issue.0 / ISSUES_PER_CHUNK
}

/// Issues read back from the index (one chunk, or all of them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexedIssues {
    /// The issues, without fingerprint and grouping config (both empty); a merged issue's
    /// [`Issue::routes`] name its parts' ids (for [`Issue::tallies`]) with empty
    /// fingerprints.
    pub issues: Vec<Issue>,
    /// Entries that did not read whole.
    pub unreadable: usize,
}

/// The chunks to read before `issues` are written, each once, ascending.
pub fn search_chunks_of<'a>(issues: impl IntoIterator<Item = &'a Issue>) -> Vec<u64> {
    let mut chunks: Vec<u64> = issues.into_iter().map(|i| search_chunk_of(i.id)).collect();
    crate::heapsort(&mut chunks);
    chunks.dedup();
    chunks
}

/// The new texts of the chunks holding `issues`, from their stored texts (`stored`: a
/// chunk not listed there is empty). Each issue's entry is replaced, or added in id order.
pub fn update_chunks<'a>(
    stored: &[(u64, String)],
    issues: impl IntoIterator<Item = &'a Issue> + Clone,
) -> Vec<(u64, String)> {
    search_chunks_of(issues.clone())
        .into_iter()
        .map(|chunk| {
            let text = stored_text(stored, chunk);
            let mine = issues
                .clone()
                .into_iter()
                .filter(|i| search_chunk_of(i.id) == chunk);
            (chunk, update_chunk(text, mine))
        })
        .collect()
}

/// The stored text of `chunk` (empty when `stored` does not list it).
fn stored_text(stored: &[(u64, String)], chunk: u64) -> &str {
    stored
        .iter()
        .find(|(n, _)| *n == chunk)
        .map_or("", |(_, text)| text.as_str())
}

/// `text` with the entries of `issues` replaced or added, in id order. Entries that do
/// not read are dropped (the index is rebuilt from the issues by a schema upgrade).
pub fn update_chunk<'a>(text: &str, issues: impl IntoIterator<Item = &'a Issue>) -> String {
    let issues: Vec<&Issue> = issues.into_iter().collect();
    rewrite_chunk(text, &[], &issues)
}

/// The new texts of the chunks holding `ids`: each of `issues` (a subset of `ids`)
/// replaced or added, and the entry of every other id removed (an issue merged into
/// another). `stored` as for [`update_chunks`].
pub fn rewrite_chunks(
    stored: &[(u64, String)],
    ids: &[IssueId],
    issues: &[Issue],
) -> Vec<(u64, String)> {
    let mut chunks: Vec<u64> = ids.iter().map(|id| search_chunk_of(*id)).collect();
    crate::heapsort(&mut chunks);
    chunks.dedup();
    chunks
        .into_iter()
        .map(|chunk| {
            let text = stored_text(stored, chunk);
            let gone: Vec<IssueId> = ids
                .iter()
                .copied()
                .filter(|id| search_chunk_of(*id) == chunk)
                .filter(|id| issues.iter().all(|i| i.id != *id))
                .collect();
            let mine: Vec<&Issue> = issues
                .iter()
                .filter(|i| search_chunk_of(i.id) == chunk)
                .collect();
            (chunk, rewrite_chunk(text, &gone, &mine))
        })
        .collect()
}

/// `text` without the entries of `gone`, with those of `issues` replaced or added.
fn rewrite_chunk(text: &str, gone: &[IssueId], issues: &[&Issue]) -> String {
    let mut entries: Vec<(u64, String)> = Vec::new();
    let mut reader = Reader::new(text);
    while let Some(entry) = reader.text() {
        if let Some(id) = Reader::new(entry)
            .number()
            .and_then(|n| u64::try_from(n).ok())
            .filter(|id| !gone.contains(&IssueId(*id)))
        {
            entries.push((id, entry.to_string()));
        }
    }
    for issue in issues {
        let entry = (issue.id.0, entry_text(issue));
        match entries.binary_search_by_key(&issue.id.0, |(id, _)| *id) {
            Ok(at) => entries[at] = entry,
            Err(at) => entries.insert(at, entry),
        }
    }
    let mut out = Writer(String::with_capacity(text.len() + 256));
    for (_, entry) in &entries {
        out.text(entry);
    }
    out.0
}

/// Reads a chunk's text.
pub fn parse_chunk(text: &str) -> IndexedIssues {
    let mut chunk = IndexedIssues::default();
    let mut reader = Reader::new(text);
    while !reader.done() {
        match reader.text() {
            Some(entry) => match read_entry(&mut Reader::new(entry)) {
                Some(issue) => chunk.issues.push(issue),
                None => chunk.unreadable += 1,
            },
            None => {
                chunk.unreadable += 1;
                break;
            }
        }
    }
    chunk
}

/// One issue's entry (without the outer length).
pub fn entry_text(issue: &Issue) -> String {
    let mut w = Writer(String::with_capacity(128 + issue.title.len()));
    w.number(issue.id.0 as i64);
    w.text(&issue.title);
    w.opt_text(issue.culprit.as_deref());
    w.opt_text(issue.error_type.as_deref());
    w.number(level_code(issue.level));
    write_status(&mut w, &issue.status);
    w.number(substatus_code(issue.substatus));
    w.number(issue.status_changed.0);
    w.opt_number(issue.resolved_at.map(|t| t.0));
    w.number(count_number(issue.count));
    w.number(count_number(issue.user_count));
    w.number(issue.first_seen.0);
    w.number(issue.last_seen.0);
    w.opt_text(issue.first_release.as_deref());
    w.opt_text(issue.last_release.as_deref());
    w.list(&issue.releases);
    w.list(&issue.environments);
    let parts: Vec<IssueId> = issue.tallies().into_iter().skip(1).collect();
    if issue.assignee.is_some() || issue.notes > 0 || !parts.is_empty() {
        w.opt_text(issue.assignee.as_deref());
        w.number(count_number(issue.notes));
        w.number(parts.len() as i64);
        for part in parts {
            w.number(count_number(part.0));
        }
    }
    w.0
}

/// Counts are at most 2^53 - 1 ([`crate::MAX_COUNT`]), so they fit a signed number.
fn count_number(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

fn read_entry(r: &mut Reader<'_>) -> Option<Issue> {
    let id = IssueId(u64::try_from(r.number()?).ok()?);
    let title = r.text()?.to_string();
    let culprit = r.opt_text()?;
    let error_type = r.opt_text()?;
    let level = level_of(r.number()?)?;
    let status = read_status(r)?;
    let substatus = substatus_of(r.number()?)?;
    let status_changed = Timestamp(r.number()?);
    let resolved_at = r.opt_number()?.map(Timestamp);
    let count = u64::try_from(r.number()?).ok()?;
    let user_count = u64::try_from(r.number()?).ok()?;
    let mut issue = Issue {
        id,
        fingerprint: Fingerprint(String::new()),
        grouping_config: String::new(),
        title,
        culprit,
        error_type,
        level,
        status,
        substatus,
        status_changed,
        resolved_at,
        count,
        user_count,
        first_seen: Timestamp(r.number()?),
        last_seen: Timestamp(r.number()?),
        first_release: r.opt_text()?,
        last_release: r.opt_text()?,
        releases: r.list()?,
        environments: r.list()?,
        assignee: None,
        notes: 0,
        aliases: Vec::new(),
        parts: Vec::new(),
        routes: Vec::new(),
        tallied: None,
    };
    if !r.done() {
        issue.assignee = r.opt_text()?;
        issue.notes = u64::try_from(r.number()?).ok()?;
        let parts = usize::try_from(r.number()?).ok()?;
        // Each id takes at least two bytes: a count bigger than that is not a list.
        if parts > r.left() / 2 {
            return None;
        }
        for _ in 0..parts {
            let part = IssueId(u64::try_from(r.number()?).ok()?);
            issue.routes.push((Fingerprint(String::new()), part));
        }
    }
    Some(issue).filter(|_| r.done())
}

/// `u` unresolved, `r` resolved, `n` resolved in the next release (then the release?),
/// `i` ignored (then `f` forever, `e` events: count and baseline, `w` users: count and
/// baseline, or `t` time: until, ms).
fn write_status(w: &mut Writer, status: &Status) {
    match status {
        Status::Unresolved => w.0.push('u'),
        Status::Resolved => w.0.push('r'),
        Status::ResolvedInNextRelease { release } => {
            w.0.push('n');
            w.opt_text(release.as_deref());
        }
        Status::Ignored { until } => {
            w.0.push('i');
            match until {
                Ignore::Forever => w.0.push('f'),
                Ignore::Events { count, from_count } => {
                    w.0.push('e');
                    w.number(count_number(*count));
                    w.number(count_number(*from_count));
                }
                Ignore::Users { count, from_users } => {
                    w.0.push('w');
                    w.number(count_number(*count));
                    w.number(count_number(*from_users));
                }
                Ignore::Time { until } => {
                    w.0.push('t');
                    w.number(until.0);
                }
            }
        }
    }
}

fn read_status(r: &mut Reader<'_>) -> Option<Status> {
    let count = |r: &mut Reader<'_>| r.number().and_then(|n| u64::try_from(n).ok());
    Some(match r.byte()? {
        b'u' => Status::Unresolved,
        b'r' => Status::Resolved,
        b'n' => Status::ResolvedInNextRelease {
            release: r.opt_text()?,
        },
        b'i' => Status::Ignored {
            until: match r.byte()? {
                b'f' => Ignore::Forever,
                b'e' => Ignore::Events {
                    count: count(r)?,
                    from_count: count(r)?,
                },
                b'w' => Ignore::Users {
                    count: count(r)?,
                    from_users: count(r)?,
                },
                b't' => Ignore::Time {
                    until: Timestamp(r.number()?),
                },
                _ => return None,
            },
        },
        _ => return None,
    })
}

const LEVELS: [Level; 5] = [
    Level::Debug,
    Level::Info,
    Level::Warning,
    Level::Error,
    Level::Fatal,
];

const SUBSTATUSES: [Substatus; 7] = [
    Substatus::New,
    Substatus::Regressed,
    Substatus::Escalating,
    Substatus::Ongoing,
    Substatus::ArchivedForever,
    Substatus::ArchivedUntilConditionMet,
    Substatus::Resolved,
];

fn level_code(level: Level) -> i64 {
    LEVELS.iter().position(|l| *l == level).unwrap_or(3) as i64
}

fn level_of(code: i64) -> Option<Level> {
    LEVELS.get(usize::try_from(code).ok()?).copied()
}

fn substatus_code(substatus: Substatus) -> i64 {
    SUBSTATUSES
        .iter()
        .position(|s| *s == substatus)
        .unwrap_or(0) as i64
}

fn substatus_of(code: i64) -> Option<Substatus> {
    SUBSTATUSES.get(usize::try_from(code).ok()?).copied()
}

/// Writes fields. Numbers are written digit by digit, without the formatting machinery
/// (the capture package writes entries too).
struct Writer(String);

impl Writer {
    fn number(&mut self, n: i64) {
        if n < 0 {
            self.0.push('-');
        }
        let mut digits = [0u8; 20];
        let mut left = n.unsigned_abs();
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (left % 10) as u8;
            left /= 10;
            if left == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.0.push(char::from(d));
        }
        self.0.push(',');
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as i64);
        // The length's `,` doubles as the `:` a text's length ends with.
        self.0.pop();
        self.0.push(':');
        self.0.push_str(text);
    }

    fn opt_text(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.text(text),
            None => self.0.push('~'),
        }
    }

    fn opt_number(&mut self, n: Option<i64>) {
        match n {
            Some(n) => self.number(n),
            None => self.0.push('~'),
        }
    }

    fn list(&mut self, texts: &[String]) {
        self.number(texts.len() as i64);
        for text in texts {
            self.text(text);
        }
    }
}

/// Reads fields; every method returns `None` on anything unexpected, never panics.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader { text, at: 0 }
    }

    fn done(&self) -> bool {
        self.at >= self.text.len()
    }

    fn left(&self) -> usize {
        self.text.len().saturating_sub(self.at)
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.text.as_bytes().get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Digits up to `end`, as a number (`None` past the range of `i64`).
    fn digits(&mut self, end: u8) -> Option<i64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let mut n: i128 = 0;
        let mut len = 0;
        loop {
            match self.byte()? {
                b if b == end && len > 0 => break,
                b @ b'0'..=b'9' if len < 20 => {
                    n = n * 10 + i128::from(b - b'0');
                    len += 1;
                }
                _ => return None,
            }
        }
        i64::try_from(if negative { -n } else { n }).ok()
    }

    fn number(&mut self) -> Option<i64> {
        self.digits(b',')
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.digits(b':')?).ok()?;
        let end = self.at.checked_add(len)?;
        let text = self.text.get(self.at..end)?;
        self.at = end;
        Some(text)
    }

    fn opt_text(&mut self) -> Option<Option<String>> {
        if self.peek() == Some(b'~') {
            self.at += 1;
            return Some(None);
        }
        self.text().map(|t| Some(t.to_string()))
    }

    fn opt_number(&mut self) -> Option<Option<i64>> {
        if self.peek() == Some(b'~') {
            self.at += 1;
            return Some(None);
        }
        self.number().map(Some)
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let len = usize::try_from(self.number()?).ok()?;
        // Each text takes at least two bytes: a length bigger than that is not a list.
        if len > self.text.len().saturating_sub(self.at) / 2 {
            return None;
        }
        let mut texts = Vec::with_capacity(len);
        for _ in 0..len {
            texts.push(self.text()?.to_string());
        }
        Some(texts)
    }
}

#[cfg(test)]
mod tests;
