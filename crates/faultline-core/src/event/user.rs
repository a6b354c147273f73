//! The affected user, and who counts as the same user.

use serde::{Deserialize, Serialize};

use super::{Event, Other};

/// The affected user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct User {
    /// App-defined id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// IP address (only with `sendDefaultPii`); `{{auto}}` asks the server to fill it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Fields not modelled here (`name`, `geo`, `segment`, `data`).
    #[serde(flatten)]
    pub other: Other,
}

/// Sentry's placeholder for "the address the request came from".
const AUTO_IP: &str = "{{auto}}";

impl User {
    /// The key that tells users apart: `id:…`, else `email:…`, else `username:…`, else
    /// `ip:…`. The prefix keeps `id:42` and `email:42` distinct. Empty values and the
    /// `{{auto}}` placeholder do not identify anyone; values are compared exactly as sent.
    pub fn distinct_key(&self) -> Option<String> {
        fn present(v: &Option<String>) -> Option<&str> {
            v.as_deref().filter(|s| !s.is_empty())
        }
        if let Some(id) = present(&self.id) {
            return Some(format!("id:{id}"));
        }
        if let Some(email) = present(&self.email) {
            return Some(format!("email:{email}"));
        }
        if let Some(username) = present(&self.username) {
            return Some(format!("username:{username}"));
        }
        present(&self.ip_address)
            .filter(|ip| *ip != AUTO_IP)
            .map(|ip| format!("ip:{ip}"))
    }
}

/// The distinct-user key of an event's user (see [`User::distinct_key`]); `None` when the
/// event names nobody. Count distinct users exactly by counting distinct keys.
pub fn user_key(event: &Event) -> Option<String> {
    event.user.as_ref()?.distinct_key()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, email: &str, username: &str, ip: &str) -> User {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        User {
            id: opt(id),
            email: opt(email),
            username: opt(username),
            ip_address: opt(ip),
            ..User::default()
        }
    }

    #[test]
    fn id_wins_then_email_then_username_then_ip() {
        assert_eq!(
            user("42", "a@b.c", "ann", "1.2.3.4").distinct_key(),
            Some("id:42".into())
        );
        assert_eq!(
            user("", "a@b.c", "ann", "1.2.3.4").distinct_key(),
            Some("email:a@b.c".into())
        );
        assert_eq!(
            user("", "", "ann", "1.2.3.4").distinct_key(),
            Some("username:ann".into())
        );
        assert_eq!(
            user("", "", "", "1.2.3.4").distinct_key(),
            Some("ip:1.2.3.4".into())
        );
    }

    #[test]
    fn same_value_in_different_fields_is_a_different_user() {
        assert_ne!(
            user("42", "", "", "").distinct_key(),
            user("", "42", "", "").distinct_key()
        );
    }

    #[test]
    fn auto_ip_and_empty_user_identify_nobody() {
        assert_eq!(user("", "", "", "{{auto}}").distinct_key(), None);
        assert_eq!(User::default().distinct_key(), None);
        assert_eq!(user_key(&Event::default()), None);
    }

    #[test]
    fn user_key_reads_the_events_user() {
        let event = Event {
            user: Some(user("", "", "ann", "")),
            ..Event::default()
        };
        assert_eq!(user_key(&event).as_deref(), Some("username:ann"));
    }
}
