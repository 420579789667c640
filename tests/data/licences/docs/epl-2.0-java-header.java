/*******************************************************************************
 * Copyright (c) 2020 Example Foundation and others.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v. 2.0 which is available at
 * http://www.eclipse.org/legal/epl-2.0.
 *
 * SPDX-License-Identifier: EPL-2.0
 *******************************************************************************/
package org.example.core;

public final class Version {
    public static final String CURRENT = "1.4.0";
}
