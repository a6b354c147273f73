//! Notices: short messages about what just happened ("Resolved 3 issues", an import's
//! report, a failure), shown by the app shell and raised from any page.

use yew::prelude::*;

/// Whether a notice reports success or a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something worked.
    Info,
    /// Something failed.
    Error,
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Success or failure.
    pub kind: NoticeKind,
    /// What to say.
    pub text: String,
}

impl Notice {
    /// A success message.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Info,
            text: text.into(),
        }
    }

    /// A failure message.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Error,
            text: text.into(),
        }
    }
}

/// The callback that shows a notice (does nothing outside the app shell).
#[hook]
pub fn use_notify() -> Callback<Notice> {
    use_context::<Callback<Notice>>().unwrap_or_else(Callback::noop)
}
