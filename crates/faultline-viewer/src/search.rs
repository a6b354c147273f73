//! How the stream answers a search: the tabs' searches, whether a storage index can
//! answer it page by page, and the in-memory scan for everything else.
//!
//! A search that is only a status (or nothing) is read through `issues_page`, 50 at a
//! time, however many issues there are. Any other term needs every issue: the stream
//! reads the search index once (a few records, whatever the number of issues), keeps the
//! snapshot, patches it with the issues that change, and filters and sorts it in memory
//! here.

use std::collections::HashSet;

use faultline_core::{
    heapsort_by, matches, Filter, Issue, IssueId, IssueSearch, Query, QueryStatus, SortKey,
    TextIndex, Timestamp, UserFilter,
};
use faultline_idb::SortBy;

/// A tab of the stream: a named search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    /// What the tab says.
    pub label: &'static str,
    /// The search it runs.
    pub query: &'static str,
}

/// The stream's tabs, as Sentry names them.
pub const TABS: [Tab; 5] = [
    Tab {
        label: "Unresolved",
        query: "is:unresolved",
    },
    Tab {
        label: "Regressed",
        query: "is:regressed",
    },
    Tab {
        label: "Resolved",
        query: "is:resolved",
    },
    Tab {
        label: "Ignored",
        query: "is:ignored",
    },
    Tab {
        label: "All",
        query: "",
    },
];

/// The tab whose search is `query` (ignoring spacing), if any.
pub fn active_tab(query: &str) -> Option<usize> {
    let words: Vec<&str> = query.split_whitespace().collect();
    TABS.iter()
        .position(|tab| tab.query.split_whitespace().eq(words.iter().copied()))
}

/// How a search is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Through the storage index of this status (`None`: all issues), page by page.
    Indexed {
        /// `unresolved`, `resolved` or `ignored`.
        status: Option<&'static str>,
    },
    /// By filtering every issue in memory.
    Scan,
}

/// The plan for `query`.
pub fn plan(query: &Query) -> Plan {
    match query.terms.as_slice() {
        [] => Plan::Indexed { status: None },
        [term] if !term.negated => match term.filter {
            Filter::Status(QueryStatus::Unresolved) => Plan::Indexed {
                status: Some("unresolved"),
            },
            Filter::Status(QueryStatus::Resolved) => Plan::Indexed {
                status: Some("resolved"),
            },
            Filter::Status(QueryStatus::Ignored) => Plan::Indexed {
                status: Some("ignored"),
            },
            _ => Plan::Scan,
        },
        _ => Plan::Scan,
    }
}

/// The order in effect: a `sort:` term in the search wins over the menu.
pub fn effective_sort(query: &Query, chosen: Option<SortKey>) -> SortKey {
    query.sort.or(chosen).unwrap_or_default()
}

/// The storage order for a sort key.
pub fn sort_by(key: SortKey) -> SortBy {
    match key {
        SortKey::Date => SortBy::LastSeen,
        SortKey::New => SortBy::FirstSeen,
        SortKey::Freq => SortBy::Events,
        SortKey::User => SortBy::Users,
    }
}

/// What the sort menu calls a sort key.
pub fn sort_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Date => "Last seen",
        SortKey::New => "First seen",
        SortKey::Freq => "Events",
        SortKey::User => "Users",
    }
}

/// The distinct-user keys whose issues storage must be asked for (`user:42` may be any
/// of id, email, username or ip).
pub fn user_keys(query: &Query) -> Vec<String> {
    let mut keys = Vec::new();
    for term in &query.terms {
        match &term.filter {
            Filter::User(UserFilter::Key(key)) => keys.push(key.clone()),
            Filter::User(UserFilter::Any(value)) => keys.extend(
                ["id", "email", "username", "ip"]
                    .iter()
                    .map(|field| format!("{field}:{value}")),
            ),
            _ => {}
        }
    }
    faultline_core::heapsort(&mut keys);
    keys.dedup();
    keys
}

/// Which issues each looked-up user key hit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserHits(HashSet<(String, IssueId)>);

impl UserHits {
    /// Records that the user with `key` hit `issues`.
    pub fn add(&mut self, key: &str, issues: &[IssueId]) {
        self.0
            .extend(issues.iter().map(|id| (key.to_string(), *id)));
    }

    /// Whether the user with `key` hit `issue`.
    pub fn hit(&self, key: &str, issue: IssueId) -> bool {
        self.0.contains(&(key.to_string(), issue))
    }
}

/// An issue as search sees it, with user lookups answered by `users`.
fn view<'a>(
    issue: &'a Issue,
    users: &'a UserHits,
    now: Timestamp,
) -> IssueSearch<'a, impl Fn(&str) -> bool + 'a> {
    IssueSearch {
        issue,
        now,
        // Users are stored per part: a merged issue has a user when any part has.
        has_user: move |key: &str| issue.tallies().into_iter().any(|t| users.hit(key, t)),
    }
}

/// Every issue as the search index has it, by id, with their titles and culprits
/// prepared for text terms (core's [`TextIndex`], built once per snapshot, when it is read
/// or patched, not on each search).
#[derive(Debug, Default, PartialEq)]
pub struct Snapshot {
    /// The issues, by id.
    pub issues: Vec<Issue>,
    /// Their titles and culprits, in the same order.
    pub text: TextIndex,
}

impl Snapshot {
    /// The snapshot of `issues` (by id).
    pub fn new(issues: Vec<Issue>) -> Snapshot {
        let text = TextIndex::new(&issues);
        Snapshot { issues, text }
    }
}

/// The positions in `all` of the issues matching `query`, in `sort` order, as of `now`.
/// A text term narrows the issues to check to those the text index finds it in (each of
/// them still checked against the whole query); other searches check every issue.
pub fn scan(
    all: &Snapshot,
    query: &Query,
    users: &UserHits,
    sort: SortKey,
    now: Timestamp,
) -> Vec<usize> {
    let issues = &all.issues;
    let check = |&i: &usize| matches(query, &view(&issues[i], users, now), now);
    let narrowed = query.terms.iter().find_map(|term| match &term.filter {
        Filter::Text(text) if !term.negated => all.text.matching(text),
        _ => None,
    });
    let mut found: Vec<usize> = match narrowed {
        Some(candidates) => candidates.into_iter().filter(check).collect(),
        None => (0..issues.len()).filter(check).collect(),
    };
    heapsort_by(&mut found, |&a, &b| {
        let (x, y) = (&issues[a], &issues[b]);
        sort.compare(&view(x, users, now), &view(y, users, now))
            .then(y.id.cmp(&x.id))
    });
    found
}

/// `snapshot` (issues by id) with the issues `changed` re-read as `fresh`: each replaced,
/// added in id order, or left out when the index no longer has it.
pub fn patch_snapshot(snapshot: &[Issue], changed: &[IssueId], fresh: Vec<Issue>) -> Vec<Issue> {
    let gone: HashSet<IssueId> = changed.iter().copied().collect();
    let mut out: Vec<Issue> = snapshot
        .iter()
        .filter(|issue| !gone.contains(&issue.id))
        .cloned()
        .collect();
    for issue in fresh {
        let at = out.partition_point(|i| i.id < issue.id);
        out.insert(at, issue);
    }
    out
}

#[cfg(test)]
mod tests;
