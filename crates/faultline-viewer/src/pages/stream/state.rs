//! The stream's state and its pure reducer: the search, the page, the rows shown, the
//! selection, the keyboard focus and the triage command waiting to run.
//!
//! Loads are keyed: a result is taken only if it answers the current [`LoadKey`], so a
//! slow answer to an old search never replaces a newer one. Changes announced while a
//! load runs mark the view stale, and one more load follows. Scans keep every issue's
//! index entry in a snapshot; a change to some issues marks only those dirty, and the
//! next scan re-reads just them.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use faultline_core::{Issue, IssueId, ParseQueryError, Query, SortKey};
use faultline_idb::{IssueCursor, Triage};
use yew::Reducible;

use crate::chart::Window;
use crate::search::{effective_sort, Snapshot};

/// Issues per page.
pub const PAGE_SIZE: usize = 50;

/// What a load answers: the search, the order, the page and the data version.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadKey {
    /// The search text.
    pub query: String,
    /// The order in effect.
    pub sort: SortKey,
    /// The page (0 is the first).
    pub page: usize,
    /// Where the page starts, for index-backed searches.
    pub cursor: Option<IssueCursor>,
    /// Goes up when the data changed.
    pub reload: u64,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageResult {
    /// The issues on the page, in order.
    pub rows: Vec<Issue>,
    /// Where the next page starts (index-backed searches).
    pub next: Option<IssueCursor>,
    /// Whether there is a next page.
    pub has_next: bool,
    /// How many issues match, when known (scanned searches).
    pub total: Option<usize>,
    /// Every issue, read for a scan: kept to answer the next search without storage.
    pub snapshot: Option<Rc<Snapshot>>,
    /// The changed issues whose entries the load re-read into `snapshot`.
    pub refreshed: Vec<IssueId>,
}

/// What a command does.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Resolve, ignore or reopen the command's issues.
    Triage(Triage),
    /// Merge the command's issues (the selection, never a search's results) into
    /// `primary`, one of them.
    Merge {
        /// The issue that stays.
        primary: IssueId,
    },
    /// Regroup the issues grouped by other rules than the recorder's now.
    Regroup,
    /// Undo the last regroup.
    UndoRegroup,
}

/// A change waiting for its effect to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// Numbers commands so the effect runs each once.
    pub seq: u64,
    /// The issues.
    pub ids: Vec<IssueId>,
    /// What to do.
    pub job: Job,
}

/// Whether stored issues were grouped by other rules than the recorder's now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grouping {
    /// Issues (or parts of merged ones) grouped otherwise.
    pub outdated: usize,
    /// The configs they were grouped by.
    pub from: Vec<String>,
    /// The config the recorder groups by.
    pub to: String,
    /// Whether the last regroup can be undone.
    pub can_undo: bool,
}

/// The stream page's state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The search text.
    pub query_text: String,
    /// The search, parsed leniently.
    pub query: Rc<Query>,
    /// What the lenient parse repaired, to show under the search box.
    pub notes: Vec<ParseQueryError>,
    /// The order picked in the sort menu.
    pub chosen_sort: Option<SortKey>,
    /// The page shown or being loaded.
    pub page: usize,
    /// The start of each page visited so far (`cursors[0]` is `None`).
    pub cursors: Vec<Option<IssueCursor>>,
    /// Goes up when the data changed.
    pub reload: u64,
    /// The load whose rows are shown.
    pub shown: Option<LoadKey>,
    /// A change arrived while loading: load once more.
    pub stale: bool,
    /// Why the last load failed.
    pub error: Option<String>,
    /// The issues shown (each shared with its row, which compares it by pointer first).
    pub rows: Rc<Vec<Rc<Issue>>>,
    /// Where the next page starts.
    pub next: Option<IssueCursor>,
    /// Whether there is a next page.
    pub has_next: bool,
    /// How many issues match, when known.
    pub total: Option<usize>,
    /// Every issue as the search index had it (by id), from the last scan or read ahead;
    /// issues changed since are in `dirty`.
    pub snapshot: Option<Rc<Snapshot>>,
    /// Issues changed since `snapshot` was read: the next scan re-reads only these.
    pub dirty: BTreeSet<IssueId>,
    /// Issues changed while a load ran (dirty once it has answered).
    pub arrived: BTreeSet<IssueId>,
    /// Any issue may have changed while a load ran: what it read is not a snapshot.
    pub stale_snapshot: bool,
    /// Selected issues.
    pub selected: BTreeSet<IssueId>,
    /// The row the keyboard is on.
    pub focus: Option<usize>,
    /// The window of the row charts.
    pub window: Window,
    /// Event counts per bucket of each row's chart.
    pub charts: Rc<HashMap<IssueId, Vec<u64>>>,
    /// Triage, a merge or a regroup to run.
    pub command: Option<Command>,
    /// The last command's number.
    pub command_seq: u64,
    /// The merge being set up: the selected issue chosen to stay.
    pub merging: Option<IssueId>,
    /// Whether a regroup is due, once read.
    pub grouping: Option<Grouping>,
    /// Goes up when the grouping should be read again (after a regroup).
    pub grouping_seq: u64,
}

/// What can happen on the stream page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The URL's search or sort changed.
    SetView {
        /// The search text.
        query: String,
        /// The sort menu's choice.
        sort: Option<SortKey>,
    },
    /// A load finished.
    Loaded(LoadKey, PageResult),
    /// A load failed.
    Failed(LoadKey, String),
    /// Go to the next page.
    NextPage,
    /// Go to the previous page.
    PrevPage,
    /// Select or unselect one issue.
    Toggle(IssueId),
    /// Select (`true`) or unselect every issue on the page.
    SelectPage(bool),
    /// Move the keyboard focus down a row.
    FocusNext,
    /// Move the keyboard focus up a row.
    FocusPrev,
    /// Show the row charts over this window.
    SetWindow(Window),
    /// Row charts for this window arrived.
    ChartsLoaded(Window, HashMap<IssueId, Vec<u64>>),
    /// Resolve, ignore or reopen these issues.
    Triage(Vec<IssueId>, Triage),
    /// Set up merging the selected issues (at least two).
    ChooseMerge,
    /// Keep this selected issue when merging.
    PickPrimary(IssueId),
    /// Give up merging.
    CancelMerge,
    /// Merge the selected issues into the chosen one.
    Merge,
    /// What the grouping is, read.
    GroupingLoaded(Grouping),
    /// Regroup the issues grouped otherwise.
    Regroup,
    /// Undo the last regroup.
    UndoRegroup,
    /// The command numbered so finished (the error, if it failed).
    CommandDone(u64, Option<String>),
    /// Every issue, read ahead for the data version `reload`, for the next scan.
    Prefetched(u64, Rc<Snapshot>),
    /// Storage announced a change that may touch any issue.
    Changed,
    /// Storage announced a change to these issues only.
    ChangedIssues(Vec<IssueId>),
}

impl State {
    /// The state for a search and sort, before anything is loaded.
    pub fn new(query: &str, sort: Option<SortKey>) -> State {
        let (parsed, notes) = Query::parse_lenient(query);
        State {
            query_text: query.to_string(),
            query: Rc::new(parsed),
            notes,
            chosen_sort: sort,
            page: 0,
            cursors: vec![None],
            reload: 0,
            shown: None,
            stale: false,
            error: None,
            rows: Rc::default(),
            next: None,
            has_next: false,
            total: None,
            snapshot: None,
            dirty: BTreeSet::new(),
            arrived: BTreeSet::new(),
            stale_snapshot: false,
            selected: BTreeSet::new(),
            focus: None,
            window: Window::DAY,
            charts: Rc::default(),
            command: None,
            command_seq: 0,
            merging: None,
            grouping: None,
            grouping_seq: 0,
        }
    }

    /// This state with `result`, the page `key` read, shown when it is the page the state
    /// wants: the stream's first page, read while the app starts, is in its first render.
    pub fn with_page(mut self, key: LoadKey, result: Result<PageResult, String>) -> State {
        if key == self.load_key() {
            match result {
                Ok(page) => self.accept(key, page),
                Err(message) => self.fail(key, message),
            };
        }
        self
    }

    /// The order in effect.
    pub fn sort(&self) -> SortKey {
        effective_sort(&self.query, self.chosen_sort)
    }

    /// What the current view needs loaded.
    pub fn load_key(&self) -> LoadKey {
        LoadKey {
            query: self.query_text.clone(),
            sort: self.sort(),
            page: self.page,
            cursor: self.cursors.get(self.page).copied().flatten(),
            reload: self.reload,
        }
    }

    /// Whether the rows shown are not (yet) those of the current view.
    pub fn loading(&self) -> bool {
        self.shown.as_ref() != Some(&self.load_key())
    }

    /// The issues a shortcut acts on: the selection, else the focused row.
    pub fn targets(&self) -> Vec<IssueId> {
        if !self.selected.is_empty() {
            return self.selected.iter().copied().collect();
        }
        self.focused().map(|i| vec![i.id]).unwrap_or_default()
    }

    /// The issue the keyboard is on.
    pub fn focused(&self) -> Option<&Issue> {
        self.rows.get(self.focus?).map(|issue| &**issue)
    }

    /// Whether every issue should be read ahead (idle, and no snapshot for this version).
    pub fn wants_prefetch(&self) -> bool {
        self.snapshot.is_none() && !self.loading() && self.error.is_none()
    }

    /// Whether every issue on the page is selected.
    pub fn page_selected(&self) -> bool {
        !self.rows.is_empty() && self.rows.iter().all(|i| self.selected.contains(&i.id))
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let changed = match action {
            Action::SetView { query, sort } => s.set_view(query, sort),
            Action::Loaded(key, result) => key == s.load_key() && s.accept(key, result),
            Action::Failed(key, message) => key == s.load_key() && s.fail(key, message),
            Action::NextPage => s.next_page(),
            Action::PrevPage => s.prev_page(),
            Action::Toggle(id) => {
                if !s.selected.remove(&id) {
                    s.selected.insert(id);
                }
                s.merging = None;
                true
            }
            Action::SelectPage(all) => {
                s.selected.clear();
                if all {
                    s.selected.extend(s.rows.iter().map(|i| i.id));
                }
                s.merging = None;
                true
            }
            Action::FocusNext => s.move_focus(1),
            Action::FocusPrev => s.move_focus(-1),
            Action::SetWindow(window) => {
                s.window = window;
                true
            }
            Action::ChartsLoaded(window, charts) => {
                s.charts = Rc::new(charts);
                window == s.window
            }
            Action::Triage(ids, triage) => s.run(ids, Job::Triage(triage)),
            Action::ChooseMerge => s.choose_merge(),
            Action::PickPrimary(id) => s.pick_primary(id),
            Action::CancelMerge => s.merging.take().is_some(),
            Action::Merge => s.merge(),
            Action::GroupingLoaded(grouping) => {
                s.grouping = Some(grouping);
                true
            }
            Action::Regroup => s.run(Vec::new(), Job::Regroup),
            Action::UndoRegroup => s.run(Vec::new(), Job::UndoRegroup),
            Action::CommandDone(seq, error) => s.command_done(seq, error),
            Action::Prefetched(reload, all) => {
                s.snapshot = Some(all);
                s.dirty.clear();
                reload == s.reload && self.snapshot.is_none()
            }
            Action::Changed => {
                s.changed();
                true
            }
            Action::ChangedIssues(ids) => {
                if s.loading() {
                    s.arrived.extend(ids);
                } else if s.snapshot.is_some() {
                    s.dirty.extend(ids);
                }
                s.reload_data();
                true
            }
        };
        if changed {
            Rc::new(s)
        } else {
            self
        }
    }
}

impl State {
    fn set_view(&mut self, query: String, sort: Option<SortKey>) -> bool {
        if query == self.query_text && sort == self.chosen_sort {
            return false;
        }
        let mut fresh = State::new(&query, sort);
        fresh.reload = self.reload;
        fresh.snapshot = self.snapshot.take();
        fresh.dirty = std::mem::take(&mut self.dirty);
        fresh.arrived = std::mem::take(&mut self.arrived);
        fresh.stale_snapshot = self.stale_snapshot;
        fresh.rows = self.rows.clone();
        fresh.shown = self.shown.take();
        fresh.window = self.window;
        fresh.charts = self.charts.clone();
        fresh.command = self.command.take();
        fresh.command_seq = self.command_seq;
        fresh.grouping = self.grouping.take();
        fresh.grouping_seq = self.grouping_seq;
        *self = fresh;
        true
    }

    fn accept(&mut self, key: LoadKey, result: PageResult) -> bool {
        self.shown = Some(key);
        self.error = None;
        if result.snapshot.is_some() && !self.stale_snapshot {
            self.snapshot = result.snapshot;
            for id in &result.refreshed {
                self.dirty.remove(id);
            }
        }
        self.stale_snapshot = false;
        let arrived = std::mem::take(&mut self.arrived);
        if self.snapshot.is_some() {
            self.dirty.extend(arrived);
        }
        // A page's rows (at most a few dozen): a scan, not a set (collecting one sorts).
        self.selected
            .retain(|id| result.rows.iter().any(|row| row.id == *id));
        self.focus = self
            .focus
            .filter(|_| !result.rows.is_empty())
            .map(|f| f.min(result.rows.len() - 1));
        self.rows = Rc::new(result.rows.into_iter().map(Rc::new).collect());
        self.next = result.next;
        self.has_next = result.has_next;
        self.total = result.total;
        if self.stale {
            self.stale = false;
            self.reload_data();
        }
        true
    }

    fn fail(&mut self, key: LoadKey, message: String) -> bool {
        self.shown = Some(key);
        self.error = Some(message);
        self.rows = Rc::default();
        self.has_next = false;
        self.stale_snapshot = false;
        let arrived = std::mem::take(&mut self.arrived);
        if self.snapshot.is_some() {
            self.dirty.extend(arrived);
        }
        true
    }

    fn next_page(&mut self) -> bool {
        if !self.has_next || self.loading() {
            return false;
        }
        self.cursors.truncate(self.page + 1);
        self.cursors.push(self.next);
        self.page += 1;
        self.selected.clear();
        self.merging = None;
        self.focus = None;
        true
    }

    fn prev_page(&mut self) -> bool {
        if self.page == 0 {
            return false;
        }
        self.page -= 1;
        self.selected.clear();
        self.merging = None;
        self.focus = None;
        true
    }

    fn move_focus(&mut self, by: isize) -> bool {
        let Some(last) = self.rows.len().checked_sub(1) else {
            return false;
        };
        self.focus = Some(match self.focus {
            None => 0,
            Some(f) => f.saturating_add_signed(by).min(last),
        });
        true
    }

    /// Queues a command unless one is running (triage and merges need issues).
    fn run(&mut self, ids: Vec<IssueId>, job: Job) -> bool {
        let needs_issues = matches!(job, Job::Triage(_) | Job::Merge { .. });
        if (needs_issues && ids.is_empty()) || self.command.is_some() {
            return false;
        }
        self.command_seq += 1;
        self.command = Some(Command {
            seq: self.command_seq,
            ids,
            job,
        });
        true
    }

    fn command_done(&mut self, seq: u64, error: Option<String>) -> bool {
        let Some(command) = self.command.take_if(|c| c.seq == seq) else {
            return false;
        };
        if error.is_none() {
            self.selected.clear();
        }
        if matches!(
            command.job,
            Job::Regroup | Job::UndoRegroup | Job::Merge { .. }
        ) {
            self.grouping_seq += 1;
        }
        self.changed();
        true
    }

    fn changed(&mut self) {
        self.snapshot = None;
        self.dirty.clear();
        self.arrived.clear();
        self.stale_snapshot = self.loading();
        self.reload_data();
    }

    /// Loads the view again (once the load running, if any, has answered).
    fn reload_data(&mut self) {
        if self.loading() {
            self.stale = true;
        } else {
            self.reload += 1;
        }
    }
}

mod merge;
#[cfg(test)]
mod tests;
