//! The issue page's state and its pure reducer: the issue, its history and stored events,
//! the chart, the triage or export waiting to run, and the shown events' frames as
//! source maps resolved them.

use std::cell::OnceCell;
use std::rc::Rc;

use faultline_core::{Activity, ActivityKind, Event, Issue, IssueId, Timestamp};
use faultline_idb::Triage;
use wasm_bindgen::JsValue;
use yew::Reducible;

use crate::chart::Window;
use crate::event_data::EventHead;

/// A stored event: what the page shows of every event ([`EventHead`]), the whole event
/// once it is shown, and the object as stored (for the raw JSON).
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Its id, time, user, page, release and tags.
    pub head: Rc<EventHead>,
    /// The Sentry-shaped object storage returned.
    pub raw: JsValue,
    /// The whole event, decoded from `raw` when first asked for (shared by the clones).
    full: Rc<OnceCell<Option<Rc<Event>>>>,
}

impl StoredEvent {
    /// An event read from storage, its head decoded.
    pub fn new(head: EventHead, raw: JsValue) -> StoredEvent {
        StoredEvent {
            head: Rc::new(head),
            raw,
            full: Rc::default(),
        }
    }

    /// An event already decoded whole (`raw` is what it came from).
    pub fn decoded(event: Event, raw: JsValue) -> StoredEvent {
        let head = EventHead::from(&event);
        let full = OnceCell::from(Some(Rc::new(event)));
        StoredEvent {
            head: Rc::new(head),
            raw,
            full: Rc::new(full),
        }
    }

    /// The event's id.
    pub fn id(&self) -> String {
        self.head.event_id.to_string()
    }

    /// The whole event, decoded the first time it is asked for; `None` when the stored
    /// object cannot be read as one.
    pub fn event(&self) -> Option<Rc<Event>> {
        self.full
            .get_or_init(|| faultline_idb::decode_event(&self.raw).ok().map(Rc::new))
            .clone()
    }
}

/// Two stored events are the same when their heads and stored objects are.
impl PartialEq for StoredEvent {
    fn eq(&self, other: &Self) -> bool {
        self.head == other.head && self.raw == other.raw
    }
}

/// What loading an issue found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssueData {
    /// The issue, unless there is none with that id.
    pub issue: Option<Issue>,
    /// Its history, oldest first.
    pub activity: Vec<Activity>,
    /// Its stored events, newest first.
    pub events: Vec<StoredEvent>,
    /// Stored events that could not be read (not even their id, time and tags).
    pub unreadable: usize,
    /// Whether more events are stored than were read.
    pub truncated: bool,
    /// When there is no such issue: the issue it was merged into, if it was.
    pub merged_into: Option<IssueId>,
}

impl IssueData {
    /// The issue's notes, oldest first: (when, text).
    pub fn notes(&self) -> Vec<(Timestamp, String)> {
        self.activity
            .iter()
            .filter_map(|a| match &a.kind {
                ActivityKind::Note { text } => Some((a.at, text.clone())),
                _ => None,
            })
            .collect()
    }
}

/// A change to the issue, waiting for its effect to run.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Resolve, ignore or reopen it.
    Triage(Triage),
    /// Merge these issues into it.
    Merge(Vec<IssueId>),
    /// Unmerge this part from it.
    Unmerge(IssueId),
    /// Assign it (or unassign it: `None`).
    Assign(Option<String>),
    /// Add a note.
    Note(String),
}

/// Where resolving an event's frames is.
#[derive(Debug, Clone, PartialEq)]
pub enum Symbols {
    /// The resolver is loading or working.
    Pending,
    /// The event with every frame resolved, or saying why not
    /// (`faultline_core::sourcemap::unresolved_reason`).
    Done(Rc<Event>),
    /// The resolver could not be loaded: every frame stays minified.
    Failed(String),
}

/// The issue page's state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The issue.
    pub id: IssueId,
    /// Goes up when the data changed.
    pub reload: u64,
    /// The load whose data is shown.
    pub shown: Option<u64>,
    /// A change arrived while loading: load once more.
    pub stale: bool,
    /// What was loaded.
    pub data: Rc<IssueData>,
    /// Why loading failed.
    pub error: Option<String>,
    /// The chart's window.
    pub window: Window,
    /// Events per bucket of the chart.
    pub chart: Rc<Vec<u64>>,
    /// A change to run, numbered.
    pub command: Option<(u64, Change)>,
    /// Export to run, numbered.
    pub export: Option<u64>,
    /// The last command's or export's number.
    pub seq: u64,
    /// Source map resolution of the shown event, by its id (one at a time: the resolver
    /// remembers what it fetched, so going back to an event is quick).
    pub symbols: Option<(String, Symbols)>,
}

/// What can happen on the issue page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Loading for this data version finished.
    Loaded(u64, Box<IssueData>),
    /// Loading for this data version failed.
    Failed(u64, String),
    /// Show the chart over this window.
    SetWindow(Window),
    /// The chart for this window arrived.
    ChartLoaded(Window, Vec<u64>),
    /// Resolve, ignore or reopen the issue.
    Triage(Triage),
    /// Merge, unmerge, assign or note.
    Change(Change),
    /// The numbered change finished (with the error, if it failed).
    ChangeDone(u64, Option<String>),
    /// Export the issue.
    Export,
    /// The numbered export finished.
    ExportDone(u64),
    /// Storage announced a change to this issue.
    Changed,
    /// Resolving this event's frames started.
    Resolving(String),
    /// This event's frames were resolved (or failed to be).
    Resolved(String, Symbols),
}

impl State {
    /// The state of issue `id`, before anything is loaded.
    pub fn new(id: IssueId) -> State {
        State {
            id,
            reload: 0,
            shown: None,
            stale: false,
            data: Rc::default(),
            error: None,
            window: Window::DAY,
            chart: Rc::default(),
            command: None,
            export: None,
            seq: 0,
            symbols: None,
        }
    }

    /// Whether the data shown is not (yet) the current version's.
    pub fn loading(&self) -> bool {
        self.shown != Some(self.reload)
    }

    /// How far resolving event `id`'s frames got, if it started.
    pub fn symbols_of(&self, id: &str) -> Option<&Symbols> {
        self.symbols
            .as_ref()
            .filter(|(shown, _)| shown == id)
            .map(|(_, s)| s)
    }

    /// The position of the event to show in the stored events (newest first): `event`
    /// if it is stored, the latest when `event` is `None`.
    pub fn event_index(&self, event: Option<&str>) -> Option<usize> {
        match event {
            None => (!self.data.events.is_empty()).then_some(0),
            Some(id) => self.data.events.iter().position(|e| e.id() == id),
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Loaded(version, data) if version == s.reload => {
                s.shown = Some(version);
                s.data = Rc::new(*data);
                s.error = None;
                s.after_load();
            }
            Action::Failed(version, message) if version == s.reload => {
                s.shown = Some(version);
                s.error = Some(message);
                s.after_load();
            }
            Action::Loaded(..) | Action::Failed(..) => return self,
            Action::SetWindow(window) => s.window = window,
            Action::ChartLoaded(window, counts) if window == s.window => {
                s.chart = Rc::new(counts);
            }
            Action::ChartLoaded(..) => return self,
            Action::Triage(triage) if s.command.is_none() => {
                s.seq += 1;
                s.command = Some((s.seq, Change::Triage(triage)));
            }
            Action::Change(change) if s.command.is_none() && worth_running(&change) => {
                s.seq += 1;
                s.command = Some((s.seq, change));
            }
            Action::Triage(_) | Action::Change(_) => return self,
            Action::ChangeDone(seq, _) if s.command.as_ref().map(|c| c.0) == Some(seq) => {
                s.command = None;
                s.changed();
            }
            Action::ChangeDone(..) => return self,
            Action::Export if s.export.is_none() => {
                s.seq += 1;
                s.export = Some(s.seq);
            }
            Action::Export => return self,
            Action::ExportDone(seq) if s.export == Some(seq) => s.export = None,
            Action::ExportDone(_) => return self,
            Action::Changed => s.changed(),
            Action::Resolving(id) if s.symbols_of(&id).is_none() => {
                s.symbols = Some((id, Symbols::Pending));
            }
            Action::Resolving(_) => return self,
            // An answer for an event no longer shown is dropped.
            Action::Resolved(id, symbols) if s.symbols_of(&id).is_some() => {
                s.symbols = Some((id, symbols));
            }
            Action::Resolved(..) => return self,
        }
        Rc::new(s)
    }
}

/// Whether a change asks for anything: a merge needs issues, a note text.
fn worth_running(change: &Change) -> bool {
    match change {
        Change::Merge(ids) => !ids.is_empty(),
        Change::Note(text) => !text.trim().is_empty(),
        _ => true,
    }
}

impl State {
    fn after_load(&mut self) {
        if self.stale {
            self.stale = false;
            self.reload += 1;
        }
    }

    fn changed(&mut self) {
        if self.loading() {
            self.stale = true;
        } else {
            self.reload += 1;
        }
    }
}

#[cfg(test)]
mod tests;
