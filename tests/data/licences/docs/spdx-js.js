// SPDX-License-Identifier: MIT
// Copyright (c) 2021 Example Labs

export function clamp(x, lo, hi) {
  return Math.min(hi, Math.max(lo, x));
}
