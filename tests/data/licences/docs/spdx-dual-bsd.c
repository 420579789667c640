/* SPDX-License-Identifier: GPL-2.0+ OR BSD-2-Clause */
/*
 * Copyright (c) 2018 Example Networks
 */
#ifndef _EXAMPLE_UAPI_H
#define _EXAMPLE_UAPI_H

struct example_req {
	__u32 flags;
	__u32 len;
};

#endif
