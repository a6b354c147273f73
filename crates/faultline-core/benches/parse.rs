//! Parse + fingerprint of a 50-frame Chromium and a 50-frame Firefox stack.
//!
//! The stacks are built from the shapes of the captured fixtures (named, anonymous,
//! method, constructor, native, content-hashed file, async) so every parser branch that
//! real stacks use is exercised. `parse_fixtures/*` parses every stack captured from a real
//! browser in `tests/fixtures/` (the stacks `bench/parse.mjs` gives both parsers in wasm);
//! divide by the number of stacks for a time per stack.
//! `cargo bench -p faultline-core --bench parse`.

use std::fs;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use faultline_core::{
    default_fingerprint, parse_stack, Event, Exception, ExceptionList, Stacktrace, MAX_FRAMES,
};

const ORIGIN: &str = "https://app.example.com/static";

fn chromium_stack() -> String {
    let mut stack = String::from("TypeError: Cannot read properties of undefined (reading 'x')\n");
    for i in 0..MAX_FRAMES {
        let line = match i % 6 {
            0 => format!("    at Cart.total{i} ({ORIGIN}/app.3f2a9c.js:{i}:31)\n"),
            1 => format!("    at {ORIGIN}/app.3f2a9c.js:{i}:53\n"),
            2 => "    at Array.map (<anonymous>)\n".to_string(),
            3 => format!("    at new Widget{i} ({ORIGIN}/chunk-AB12CD.js?v=7:{i}:35)\n"),
            4 => format!("    at Object.deliver{i} [as send] ({ORIGIN}/app.3f2a9c.js:{i}:60)\n"),
            _ => format!("    at async load{i} ({ORIGIN}/app.3f2a9c.js:{i}:9)\n"),
        };
        stack.push_str(&line);
    }
    stack
}

fn firefox_stack() -> String {
    let mut stack = String::new();
    for i in 0..MAX_FRAMES {
        let line = match i % 6 {
            0 => format!("total{i}@{ORIGIN}/app.3f2a9c.js:{i}:13\n"),
            1 => format!("doubleAll{i}/<@{ORIGIN}/app.3f2a9c.js:{i}:51\n"),
            2 => format!("@{ORIGIN}/app.3f2a9c.js:{i}:8\n"),
            3 => format!("Widget{i}@{ORIGIN}/chunk-AB12CD.js?v=7:{i}:35\n"),
            4 => format!("evaluated{i}@{ORIGIN}/app.3f2a9c.js line {i} > eval:1:24\n"),
            _ => format!("get weight{i}@{ORIGIN}/app.3f2a9c.js:{i}:24\n"),
        };
        stack.push_str(&line);
    }
    stack
}

/// What the capture package does per error: parse, then group.
fn parse_and_fingerprint(stack: &str) -> faultline_core::Grouping {
    let frames = parse_stack(stack).frames;
    let event = Event {
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".into()),
                value: Some("Cannot read properties of undefined (reading 'x')".into()),
                stacktrace: Some(Stacktrace {
                    frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    };
    default_fingerprint(&event)
}

/// Every captured stack string of one browser, as `bench/parse.mjs` reads them.
fn fixture_stacks(browser: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(browser);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

fn bench(c: &mut Criterion) {
    for engine in ["chromium", "firefox"] {
        let stacks = fixture_stacks(engine);
        c.bench_function(
            &format!("parse_fixtures/{engine}_{}_stacks", stacks.len()),
            |b| {
                b.iter(|| {
                    black_box(&stacks)
                        .iter()
                        .map(|stack| parse_stack(stack).frames.len())
                        .sum::<usize>()
                })
            },
        );
    }
    for (engine, stack) in [("chromium", chromium_stack()), ("firefox", firefox_stack())] {
        assert_eq!(parse_stack(&stack).frames.len(), MAX_FRAMES, "{engine}");
        c.bench_function(&format!("parse_and_fingerprint/{engine}_50_frames"), |b| {
            b.iter(|| parse_and_fingerprint(black_box(&stack)))
        });
        c.bench_function(&format!("parse_only/{engine}_50_frames"), |b| {
            b.iter(|| parse_stack(black_box(&stack)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
