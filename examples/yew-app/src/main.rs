//! A minimal Yew app with Faultline: a panic and a `Result` error captured, breadcrumbs
//! from the app, and the viewer on the same origin at `/__faultline/`.

use std::fmt;

use yew::prelude::*;

/// What saving the cart can fail with.
#[derive(Debug)]
enum SaveError {
    /// The cart has no items.
    EmptyCart,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::EmptyCart => f.write_str("cannot save an empty cart"),
        }
    }
}

impl std::error::Error for SaveError {}

fn save_cart(items: usize) -> Result<(), SaveError> {
    if items == 0 {
        return Err(SaveError::EmptyCart);
    }
    Ok(())
}

#[function_component]
fn App() -> Html {
    let status = use_state(|| "Nothing went wrong yet.".to_string());
    let on_save = {
        let status = status.clone();
        Callback::from(move |_| {
            #[cfg(feature = "faultline")]
            faultline::add_breadcrumb(faultline::Breadcrumb {
                category: Some("cart".into()),
                message: Some("saving the cart".into()),
                ..Default::default()
            });
            if let Err(error) = save_cart(0) {
                #[cfg(feature = "faultline")]
                faultline::capture_error(&error);
                status.set(format!("Captured: {error}"));
            }
        })
    };
    let on_panic = Callback::from(|_| {
        let prices: Vec<u32> = Vec::new();
        // A bug: the first price of an empty list.
        let first = prices[0];
        web_sys::console::log_1(&first.into());
    });
    html! {
        <main>
            <h1>{ "Faultline in a Yew app" }</h1>
            <p id="status">{ (*status).clone() }</p>
            <button id="save" onclick={on_save}>{ "Save an empty cart (Result error)" }</button>
            <button id="panic" onclick={on_panic}>{ "Read the first price of none (panic)" }</button>
            <p><a href="/__faultline/">{ "Open the viewer" }</a></p>
        </main>
    }
}

fn main() {
    #[cfg(feature = "faultline")]
    {
        let _ = faultline::init(faultline::Options {
            release: Some("yew-example@1.0.0".into()),
            environment: Some("development".into()),
            ..Default::default()
        });
        // Yew sets its own panic hook when the app renders, unless it is given one.
        yew::set_custom_panic_hook(faultline::panic_hook());
    }
    yew::Renderer::<App>::new().render();
}
