//! Faultline's viewer: lists the issues captured on this origin, read from IndexedDB.

mod app;
mod issue_row;
mod time_ago;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
