// SPDX-License-Identifier: MIT OR Apache-2.0

//! Small helpers for parsing configuration files.

pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}
