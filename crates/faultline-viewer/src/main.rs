//! The viewer's entry point (trunk builds this binary).

fn main() {
    faultline_viewer::start();
}
