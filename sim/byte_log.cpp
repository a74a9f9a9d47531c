// ByteLog: see byte_log.hpp. One thread owns the World (DESIGN.md §1), so use_count is exact.
#include "sim/byte_log.hpp"

#include <algorithm>

namespace postlab::sim {

void ByteLog::append(std::string_view bytes) {
    while (!bytes.empty()) {
        const std::size_t used = static_cast<std::size_t>(m_size % block_size);
        // Blocks grow as strings do (no reserve): most streams are a few hundred bytes, and a
        // world holds tens of thousands of them.
        if (used == 0) {
            m_blocks.push_back(std::make_shared<std::string>());
        } else if (m_blocks.back().use_count() > 1) {
            // A snapshot shares this partly filled block: write to our own copy of it.
            m_blocks.back() = std::make_shared<std::string>(*m_blocks.back());
        }
        const std::size_t n = std::min(bytes.size(), block_size - used);
        m_blocks.back()->append(bytes.substr(0, n));
        m_size += n;
        bytes.remove_prefix(n);
    }
}

std::string ByteLog::substr(std::uint64_t offset, std::uint64_t count) const {
    if (offset >= m_size) return {};
    const std::uint64_t end = offset + std::min(count, m_size - offset);
    std::string out;
    out.reserve(static_cast<std::size_t>(end - offset));
    while (offset < end) {
        const std::string& block = *m_blocks[static_cast<std::size_t>(offset / block_size)];
        const std::size_t at = static_cast<std::size_t>(offset % block_size);
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(end - offset, block_size - at));
        out.append(block, at, n);
        offset += n;
    }
    return out;
}

}  // namespace postlab::sim
