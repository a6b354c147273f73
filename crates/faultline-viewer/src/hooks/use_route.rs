//! The router: the current [`Route`] from the URL's query string, and navigation with the
//! History API. URLs stay relative to the page's own path, so the viewer works under any
//! base path and inside an iframe.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::route::Route;

/// The current route and how to go elsewhere; provided by the app shell.
#[derive(Clone, PartialEq)]
pub struct Router {
    /// Where the viewer is.
    pub route: Route,
    /// The page's path (`/` or `/__faultline/`), for links to the default stream.
    pub path: AttrValue,
    /// Goes to a route, adding a history entry.
    pub push: Callback<Route>,
    /// Goes to a route in place (no new history entry).
    pub replace: Callback<Route>,
}

impl Router {
    /// The `href` of a route: its query string, or the page's path when it has none.
    pub fn href(&self, route: &Route) -> String {
        href(&self.path, route)
    }
}

/// The `href` of `route` on a page served at `path`.
pub fn href(path: &str, route: &Route) -> String {
    let search = route.search();
    if search.is_empty() {
        path.to_string()
    } else {
        search
    }
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The route the URL names now.
pub(crate) fn current_route() -> Route {
    Route::parse(&location().and_then(|l| l.search().ok()).unwrap_or_default())
}

fn go(path: &str, route: &Route, replace: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = href(path, route);
    let state = wasm_bindgen::JsValue::NULL;
    // A failure (a sandboxed iframe) leaves the address bar as it was; the view still moves.
    let _ = if replace {
        history.replace_state_with_url(&state, "", Some(&url))
    } else {
        history.push_state_with_url(&state, "", Some(&url))
    };
}

/// Owns the route: reads it from the URL and follows the back and forward buttons.
#[hook]
pub fn use_router() -> Router {
    let route = use_state(current_route);
    let path: AttrValue = use_memo((), |_| {
        location()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_else(|| "./".to_string())
    })
    .to_string()
    .into();
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, "popstate", move |_| route.set(current_route())));
            move || drop(listener)
        });
    }
    let navigate = |replace: bool| {
        let route = route.clone();
        let path = path.clone();
        Callback::from(move |to: Route| {
            go(&path, &to, replace);
            route.set(to);
        })
    };
    Router {
        route: (*route).clone(),
        path: path.clone(),
        push: navigate(false),
        replace: navigate(true),
    }
}

/// The router the app shell provides.
#[hook]
pub fn use_route() -> Router {
    use_context::<Router>().unwrap_or_else(|| Router {
        route: Route::default(),
        path: "./".into(),
        push: Callback::noop(),
        replace: Callback::noop(),
    })
}
