//! The viewer's components, one per file. Those with hooks (state, effects, context) are
//! Yew components with their `XProps`; the rest are view functions (`x(&XProps)`, or plain
//! arguments for the small pieces a page repeats: a title, badges, a relative time, a
//! row's markup): a component costs a scope per instance and its own copy of Yew's
//! generic code in the wasm (about 0.6 KB gzip each), and one without hooks gains nothing
//! from it but skipping a render when its props are equal.

mod activity_log;
mod breadcrumb_timeline;
mod bulk_bar;
mod dropdown;
mod event_context;
mod event_detail;
mod event_list;
mod event_nav;
mod events_chart;
mod exception_view;
mod ignore_menu;
mod import_button;
mod issue_header;
mod issue_row;
mod issue_table;
mod issue_title;
mod kv_table;
mod link;
mod merge_chooser;
mod merged_parts;
mod notes_card;
mod notice_item;
mod notices;
mod pagination;
mod raw_json;
mod regroup_banner;
mod relative_time;
mod search_bar;
mod shortcuts_help;
mod sort_menu;
mod spark_bars;
mod stack_trace;
mod status_badges;
mod status_bar;
mod stream_tabs;
mod tag_distributions;
mod triage_buttons;
mod why_grouped;
mod window_toggle;

pub use activity_log::activity_log;
pub use breadcrumb_timeline::{BreadcrumbTimeline, BreadcrumbTimelineProps};
pub use bulk_bar::{bulk_bar, BulkBarProps};
pub use dropdown::{Dropdown, DropdownProps};
pub use event_context::{event_context, EventContextProps};
pub use event_detail::{EventDetail, EventDetailProps};
pub use event_list::{EventList, EventListProps};
pub use event_nav::{event_nav, EventNavProps};
pub use events_chart::{events_chart, EventsChartProps};
pub use exception_view::{exception_view, ExceptionViewProps};
pub use ignore_menu::{custom_ignore, IgnoreMenu, IgnoreMenuProps};
pub use import_button::{import_button, ImportButtonProps};
pub use issue_header::{issue_header, IssueHeaderProps};
pub use issue_row::{issue_row_markup, RowView};
pub use issue_table::{IssueTable, IssueTableProps};
pub use issue_title::{issue_title, issue_title_markup};
pub use kv_table::{KvTable, KvTableProps};
pub use link::{moves_within, Link, LinkProps};
pub use merge_chooser::{merge_chooser, MergeChooserProps};
pub use merged_parts::{MergedParts, MergedPartsProps};
pub use notes_card::{NotesCard, NotesCardProps};
pub use notice_item::{NoticeItem, NoticeItemProps};
pub use notices::{notices, NoticesProps};
pub use pagination::{pagination, PaginationProps};
pub use raw_json::{RawJson, RawJsonProps};
pub use regroup_banner::{regroup_banner, RegroupBannerProps};
pub use relative_time::{relative_time, relative_time_markup};
pub use search_bar::{SearchBar, SearchBarProps, SEARCH_INPUT_ID};
pub use shortcuts_help::shortcuts_help;
pub use sort_menu::{sort_menu, SortMenuProps};
pub use spark_bars::{spark_bars_markup, spark_paths};
pub use stack_trace::{StackTrace, StackTraceProps};
pub use status_badges::{status_badges, status_badges_markup};
pub use status_bar::{StatusBar, StatusBarProps};
pub use stream_tabs::{stream_tabs, StreamTabsProps};
pub use tag_distributions::{tag_distributions_view, TagDistributionsProps};
pub use triage_buttons::{triage_buttons, TriageButtonsProps};
pub use why_grouped::{why_grouped, WhyGroupedProps};
pub use window_toggle::{window_toggle, WindowToggleProps};
