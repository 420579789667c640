// SPDX-License-Identifier: GPL-2.0
/*
 * Example platform driver
 *
 * Copyright (C) 2019 Example Ltd.
 */

#include <linux/kernel.h>
#include <linux/module.h>

MODULE_LICENSE("GPL v2");
