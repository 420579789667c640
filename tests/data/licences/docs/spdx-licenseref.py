# SPDX-FileCopyrightText: 2024 Example Corp
# SPDX-License-Identifier: LicenseRef-Example-Proprietary
"""Internal pricing rules. Not for distribution."""

RATE = 0.19
