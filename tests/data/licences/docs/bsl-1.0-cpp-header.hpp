//  Copyright 2005-2014 Example Author.
//  Distributed under the Boost Software License, Version 1.0.
//  (See accompanying file LICENSE_1_0.txt or copy at
//  http://www.boost.org/LICENSE_1_0.txt)

#ifndef EXAMPLE_DETAIL_HASH_HPP
#define EXAMPLE_DETAIL_HASH_HPP

namespace example { namespace detail {
template <class T> inline std::size_t hash_value(T const& v) { return static_cast<std::size_t>(v); }
}}
#endif
