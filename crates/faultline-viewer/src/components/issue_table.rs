//! The stream's table of issues.
//!
//! Yew renders the table and its header; the body's rows are markup the table writes
//! itself ([`Body`]): a filter, a page or a visit parses 50 rows in one `innerHTML`
//! instead of creating about a thousand nodes one call at a time, and a change to the
//! same rows touches only what changed. The table hears its rows' clicks and changes.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use faultline_core::{Issue, IssueId};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::chart::Window;
use crate::components::issue_row::{chart_markup, main_cell_markup, row_class, seen_cell_markup};
use crate::components::{issue_row_markup, moves_within, RowView};
use crate::hooks::use_route;
use crate::markup::{clicked, Markup};
use crate::route::Route;

/// Props of [`IssueTable`]. The rows and the charts compare by pointer: the stream
/// replaces them (never changes them in place) whenever they change, and comparing 50
/// issues field by field on each of its renders cost a filter about 2 ms.
#[derive(Properties)]
pub struct IssueTableProps {
    /// The issues, in order.
    pub rows: Rc<Vec<Rc<Issue>>>,
    /// Which result the rows are (the search and the page): when it changes, every row is
    /// new, and the table body is built anew, off the document, and put in at once. A
    /// sort or a live update keeps it, and the rows change in place.
    #[prop_or_default]
    pub result: AttrValue,
    /// Selected issues.
    pub selected: BTreeSet<IssueId>,
    /// The row the keyboard is on.
    pub focus: Option<usize>,
    /// Each issue's chart, once loaded.
    pub charts: Rc<HashMap<IssueId, Vec<u64>>>,
    /// The charts' window.
    pub window: Window,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
    /// Whether newer rows are being loaded (the table dims).
    #[prop_or_default]
    pub loading: bool,
    /// Select or unselect one issue.
    pub on_toggle: Callback<IssueId>,
    /// Select (`true`) or unselect all issues on the page.
    pub on_select_page: Callback<bool>,
}

impl PartialEq for IssueTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows)
            && self.result == other.result
            && self.selected == other.selected
            && self.focus == other.focus
            && Rc::ptr_eq(&self.charts, &other.charts)
            && self.window == other.window
            && self.now == other.now
            && self.loading == other.loading
            && self.on_toggle == other.on_toggle
            && self.on_select_page == other.on_select_page
    }
}

/// A table with a header row and a row per issue.
#[function_component(IssueTable)]
pub fn issue_table(props: &IssueTableProps) -> Html {
    let all = !props.rows.is_empty() && props.rows.iter().all(|i| props.selected.contains(&i.id));
    let on_select_page = props.on_select_page.clone();
    let router = use_route();
    let body = use_mut_ref(Body::default);
    let tbody = body.borrow_mut().sync(props);
    let on_click = {
        let push = router.push.clone();
        use_callback((), move |e: MouseEvent, _| {
            if let Some(id) = clicked_title(&e) {
                if moves_within(&e) {
                    push.emit(Route::issue(id));
                }
            }
        })
    };
    let on_change = {
        let on_toggle = props.on_toggle.clone();
        move |e: Event| {
            if let Some(id) = row_of(e.target()) {
                on_toggle.emit(id);
            }
        }
    };
    // The row the keyboard moves to is scrolled into view (when another issue gets the
    // focus, not when the same one is re-rendered).
    let focused = props.focus.and_then(|i| props.rows.get(i)).map(|i| i.id);
    {
        let body = body.clone();
        use_effect_with(focused, move |focused| {
            let row = focused
                .and(body.borrow().element.clone())
                .and_then(|b| b.query_selector("tr.focused").ok().flatten());
            if let Some(row) = row {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    html! {
        <table class={classes!("issues", props.loading.then_some("loading"))} aria-busy={props.loading.to_string()}
            onclick={on_click} onchange={on_change}>
            <thead>
                <tr>
                    <th scope="col" class="select">
                        <input type="checkbox" checked={all} aria-label="Select all issues on this page"
                            onchange={move |_| on_select_page.emit(!all)} />
                    </th>
                    <th scope="col">{ "Issue" }</th>
                    <th scope="col" class="graph">{ format!("Graph {}", props.window.short()) }</th>
                    <th scope="col" class="num count">{ "Events" }</th>
                    <th scope="col" class="num users">{ "Users" }</th>
                    <th scope="col" class="seen">{ "Last seen" }</th>
                </tr>
            </thead>
            { tbody.map(|b| Html::VRef(b.into())).unwrap_or_default() }
        </table>
    }
}

/// The issue of the row whose title a click landed on (or in).
fn clicked_title(e: &MouseEvent) -> Option<IssueId> {
    row_of(Some(clicked(e, "a.title")?.into()))
}

/// The issue of the body row `target` is in.
fn row_of(target: Option<web_sys::EventTarget>) -> Option<IssueId> {
    let element = target?.dyn_into::<Element>().ok()?;
    let row = element.closest("tbody tr[data-issue-id]").ok().flatten()?;
    let id = row.get_attribute("data-issue-id")?.parse().ok()?;
    Some(IssueId(id))
}

/// The table's body, as last written: the element, and what each of its rows shows.
#[derive(Default)]
struct Body {
    element: Option<Element>,
    result: AttrValue,
    now: i64,
    window: Option<Window>,
    rows: Vec<Drawn>,
}

/// What changed for every row kept: the time (how long ago), the charts' window.
#[derive(Clone, Copy)]
struct Stale {
    time: bool,
    window: bool,
}

/// A row as written.
struct Drawn {
    element: Element,
    issue: Rc<Issue>,
    selected: bool,
    focused: bool,
    chart: Option<Vec<u64>>,
}

impl Body {
    /// Brings the body in line with `props` and returns it. A new result gets a new
    /// element, written whole before it is in the document. Otherwise the rows are matched
    /// by issue: a row kept is moved where it belongs, if it is not there, and only what
    /// changed in it is touched (an issue that changed is written again; a selection,
    /// focus or chart is set on the row; another time rewrites the cells that say how
    /// long ago, another window the chart's); a new issue's row is written alone, and a
    /// row no longer shown is removed. A sort moves rows, a live update writes the few it
    /// changed, and the clock's tick keeps the checkboxes (and a focused one's focus).
    fn sync(&mut self, props: &IssueTableProps) -> Option<Element> {
        let fresh = match &self.element {
            Some(_) if self.result == props.result => false,
            _ => {
                let document = web_sys::window()?.document()?;
                self.element = Some(document.create_element("tbody").ok()?);
                self.result = props.result.clone();
                true
            }
        };
        let element = self.element.clone()?;
        if fresh {
            self.now = props.now;
            self.window = Some(props.window);
            self.write_all(&element, props);
            return Some(element);
        }
        let stale = Stale {
            time: std::mem::replace(&mut self.now, props.now) != props.now,
            window: self.window.replace(props.window) != Some(props.window),
        };
        let mut old: Vec<Option<Drawn>> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(Some)
            .collect();
        // Where the next row belongs: before this element (at the end when none).
        let mut next = element.first_element_child();
        for (i, issue) in props.rows.iter().enumerate() {
            let view = view(props, i, issue);
            let kept = old
                .iter_mut()
                .find(|d| d.as_ref().is_some_and(|d| d.issue.id == issue.id))
                .and_then(Option::take);
            let drawn = match kept {
                Some(mut drawn) => {
                    if next
                        .as_ref()
                        .is_some_and(|n| n.is_same_node(Some(&drawn.element)))
                    {
                        next = drawn.element.next_element_sibling();
                    } else {
                        let _ = element
                            .insert_before(&drawn.element, next.as_ref().map(|n| n.as_ref()));
                    }
                    drawn.update(issue, &view, stale);
                    drawn
                }
                None => match Drawn::write(&element, next.as_ref(), issue, &view) {
                    Some(drawn) => drawn,
                    None => continue,
                },
            };
            self.rows.push(drawn);
        }
        for gone in old.into_iter().flatten() {
            gone.element.remove();
        }
        Some(element)
    }

    /// Writes every row of `props` into `element` in one `innerHTML`.
    fn write_all(&mut self, element: &Element, props: &IssueTableProps) {
        let mut markup = Markup::with_capacity(props.rows.len() * 2048);
        for (i, issue) in props.rows.iter().enumerate() {
            issue_row_markup(&mut markup, &view(props, i, issue));
        }
        element.set_inner_html(markup.as_str());
        let mut tr = element.first_element_child();
        self.rows = props
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, issue)| {
                let row = tr.take()?;
                tr = row.next_element_sibling();
                Some(Drawn::of(row, issue, &view(props, i, issue)))
            })
            .collect();
    }
}

/// What row `i`, showing `issue`, should show.
fn view<'a>(props: &'a IssueTableProps, i: usize, issue: &'a Issue) -> RowView<'a> {
    RowView {
        issue,
        now: props.now,
        selected: props.selected.contains(&issue.id),
        focused: props.focus == Some(i),
        chart: props.charts.get(&issue.id).map(Vec::as_slice),
        window: props.window,
    }
}

impl Drawn {
    fn of(element: Element, issue: &Rc<Issue>, view: &RowView<'_>) -> Drawn {
        Drawn {
            element,
            issue: issue.clone(),
            selected: view.selected,
            focused: view.focused,
            chart: view.chart.map(<[u64]>::to_vec),
        }
    }

    /// Writes a row for `issue` into `body`, before `next` (at the end when `None`).
    fn write(
        body: &Element,
        next: Option<&Element>,
        issue: &Rc<Issue>,
        view: &RowView<'_>,
    ) -> Option<Drawn> {
        let mut markup = Markup::with_capacity(2048);
        issue_row_markup(&mut markup, view);
        let written = match next {
            Some(next) => {
                next.insert_adjacent_html("beforebegin", markup.as_str())
                    .ok()?;
                next.previous_element_sibling()?
            }
            None => {
                body.insert_adjacent_html("beforeend", markup.as_str())
                    .ok()?;
                body.last_element_child()?
            }
        };
        Some(Drawn::of(written, issue, view))
    }

    /// Brings the row in line with `view`: written again when its issue changed, else
    /// its class, checkbox, times and chart set as they should be.
    fn update(&mut self, issue: &Rc<Issue>, view: &RowView<'_>, stale: Stale) {
        if !(Rc::ptr_eq(&self.issue, issue) || self.issue == *issue) {
            let next = self.element.next_element_sibling();
            let Some(body) = self.element.parent_element() else {
                return;
            };
            if let Some(written) = Drawn::write(&body, next.as_ref(), issue, view) {
                self.element.remove();
                *self = written;
            }
            return;
        }
        if self.selected != view.selected || self.focused != view.focused {
            let class = row_class(issue, view.selected, view.focused);
            self.element.set_class_name(&class);
            self.focused = view.focused;
        }
        if self.selected != view.selected {
            let checkbox = self
                .element
                .query_selector("td.select input")
                .ok()
                .flatten();
            if let Some(checkbox) = checkbox.and_then(|c| c.dyn_into::<HtmlInputElement>().ok()) {
                checkbox.set_checked(view.selected);
            }
            self.selected = view.selected;
        }
        if stale.time {
            // The badges ("new", "regressed", ...) and the relative times depend on now.
            self.cell("td.main", |m| main_cell_markup(m, issue, view.now));
            self.cell("td.seen", |m| seen_cell_markup(m, issue, view.now));
        }
        if stale.window || self.chart.as_deref() != view.chart {
            self.cell("td.graph", |m| chart_markup(m, view.chart, view.window));
            self.chart = view.chart.map(<[u64]>::to_vec);
        }
    }

    /// Writes the content of the row's cell `selector` with `write`.
    fn cell(&self, selector: &str, write: impl FnOnce(&mut Markup)) {
        if let Some(cell) = self.element.query_selector(selector).ok().flatten() {
            let mut markup = Markup::with_capacity(1024);
            write(&mut markup);
            cell.set_inner_html(markup.as_str());
        }
    }
}
