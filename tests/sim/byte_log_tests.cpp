// ByteLog (sim/byte_log.hpp): appends across block boundaries, substr clipping, and copies that
// share blocks without seeing each other's later appends.
#include <catch2/catch.hpp>

#include <string>

#include "sim/byte_log.hpp"

using postlab::sim::ByteLog;

namespace {

std::string pattern(std::size_t n, char seed) {
    std::string s(n, ' ');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (seed + i) % 26);
    return s;
}

}  // namespace

TEST_CASE("ByteLog keeps bytes in order across block boundaries", "[sim][byte_log]") {
    ByteLog log;
    std::string expected;
    // Sizes that end exactly on, just before and just after block boundaries.
    for (const std::size_t n : {std::size_t{1}, ByteLog::block_size - 1, std::size_t{2}, ByteLog::block_size,
                                3 * ByteLog::block_size + 7, std::size_t{0}}) {
        const std::string part = pattern(n, static_cast<char>(expected.size() % 26));
        log.append(part);
        expected += part;
        REQUIRE(log.size() == expected.size());
    }
    CHECK(log.str() == expected);
    const std::uint64_t b = ByteLog::block_size;
    CHECK(log.substr(b - 3, 10) == expected.substr(b - 3, 10));
    CHECK(log.substr(2 * b + 5, 2 * b) == expected.substr(2 * b + 5, 2 * b));
    CHECK(log.substr(expected.size() - 4, 100) == expected.substr(expected.size() - 4));
    CHECK(log.substr(expected.size(), 5).empty());
    CHECK(log.substr(expected.size() + 10, 5).empty());
}

TEST_CASE("A ByteLog copy shares blocks but not later appends", "[sim][byte_log]") {
    ByteLog original;
    original.append(pattern(ByteLog::block_size + 100, 3));  // one full block, one partial
    const ByteLog snapshot = original;
    original.append("after the snapshot");
    ByteLog branch = snapshot;
    branch.append("on another branch");

    CHECK(snapshot.size() == ByteLog::block_size + 100);
    CHECK(snapshot.str() == pattern(ByteLog::block_size + 100, 3));
    CHECK(original.str() == pattern(ByteLog::block_size + 100, 3) + "after the snapshot");
    CHECK(branch.str() == pattern(ByteLog::block_size + 100, 3) + "on another branch");
}
