#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright 2022 The Example Authors
"""Command line entry point."""

import argparse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
