// SMTP writers; see writer.hpp. RFC 5321 §4.1.1, §4.1.2, §4.2, §4.5.2.
#include "protocols/smtp/writer.hpp"

#include <fmt/format.h>

namespace postlab::smtp {
namespace {

std::string write_path_command(std::string_view prefix, const Path& path,
                               const std::vector<MailParameter>& parameters) {
    std::string line(prefix);
    line += path.wire();
    for (const auto& p : parameters) {
        line += ' ';
        line += p.keyword;
        if (!p.value.empty()) line += '=' + p.value;
    }
    line += "\r\n";
    return line;
}

}  // namespace

std::string write_command(Command command, std::string_view argument) {
    std::string line(to_string(command));
    if (!argument.empty()) {
        line += ' ';
        line += argument;
    }
    line += "\r\n";
    return line;
}

std::string write_command(const CommandLine& command) {
    std::string line = command.command == Command::unknown ? command.verb
                                                           : std::string(to_string(command.command));
    if (!command.argument.empty()) line += ' ' + command.argument;
    line += "\r\n";
    return line;
}

std::string write_mail_from(const Path& reverse_path, const std::vector<MailParameter>& parameters) {
    return write_path_command("MAIL FROM:", reverse_path, parameters);
}

std::string write_rcpt_to(const Path& forward_path, const std::vector<MailParameter>& parameters) {
    return write_path_command("RCPT TO:", forward_path, parameters);
}

std::string write_reply(const Reply& reply) {
    if (reply.lines.empty()) return fmt::format("{} \r\n", reply.code.value());
    std::string out;
    for (std::size_t i = 0; i < reply.lines.size(); ++i) {
        const char separator = i + 1 == reply.lines.size() ? ' ' : '-';
        out += fmt::format("{}{}{}\r\n", reply.code.value(), separator, reply.lines[i]);
    }
    return out;
}

std::string write_reply(ReplyCode code, std::string_view text) {
    return fmt::format("{} {}\r\n", code.value(), text);
}

std::string dot_stuff(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 50 + 8);
    bool line_start = true;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < message.size() && message[i + 1] == '\n') ++i;
            out += "\r\n";
            line_start = true;
            continue;
        }
        if (line_start && c == '.') out += '.';
        out += c;
        line_start = false;
    }
    if (!line_start) out += "\r\n";
    out += ".\r\n";
    return out;
}

}  // namespace postlab::smtp
