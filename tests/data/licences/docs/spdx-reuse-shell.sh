#!/bin/bash
# SPDX-FileCopyrightText: 2023 Example e.V.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -euo pipefail
exec "$@"
