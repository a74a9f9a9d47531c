// What an incremental parser says about the bytes it was given (DESIGN.md §2): a whole unit was
// read (and how many bytes it took is returned beside this), more bytes are needed, or the bytes
// break the grammar. Every protocol's parsers use this one type.
#pragma once

namespace postlab::core {

enum class ParseStatus { complete, need_more, error };

}  // namespace postlab::core
