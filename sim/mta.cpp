// Bounce messages of the simulated MTA: RFC 3464 §2 delivery status notifications, simplified
// (no returned content, one recipient), inside RFC 6522 multipart/report; the Status field is the
// RFC 3463 enhanced code of the failure (RFC 3464 §2.3.4).
#include "sim/mta.hpp"

#include <fmt/format.h>

#include "protocols/mime/message_writer.hpp"

namespace postlab::sim {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1 to 3 digits at `pos` (RFC 3463 §2: subject and detail are 1*3digit); advances `pos`.
bool take_digits(std::string_view text, std::size_t& pos) {
    const std::size_t start = pos;
    while (pos < text.size() && pos - start < 3 && is_digit(text[pos])) ++pos;
    return pos > start;
}

// Whether `text` starts with an SMTP reply code ("451 ...", "250-...", "554").
bool starts_with_reply(std::string_view text) {
    return text.size() >= 3 && is_digit(text[0]) && is_digit(text[1]) && is_digit(text[2]) &&
           (text.size() == 3 || text[3] == ' ' || text[3] == '-');
}

// The Status of a failed delivery from its SMTP reply ("552 5.2.2 mailbox full"): the reply's
// enhanced code (RFC 2034 §4) when it has one of the reply's class, else class.0.0 from the reply
// code (RFC 3463 §3.1 "other or undefined status"). A reason that is not a reply (connection
// failures after a give-up) is 4.4.7 "delivery time expired" (RFC 3463 §3.5).
std::string dsn_status(std::string_view reason, bool permanent) {
    const bool has_code = starts_with_reply(reason);
    const char reply_class = has_code ? reason[0] : '\0';
    if (reply_class != '4' && reply_class != '5') return permanent ? "5.0.0" : "4.4.7";
    if (reason.size() > 5 && reason[4] == reply_class && reason[5] == '.') {
        std::size_t pos = 6;
        const bool subject = take_digits(reason, pos) && pos < reason.size() && reason[pos] == '.';
        const bool detail = subject && take_digits(reason, ++pos);
        if (detail && (pos == reason.size() || reason[pos] == ' ')) {
            return std::string(reason.substr(4, pos - 4));
        }
    }
    return fmt::format("{}.0.0", reply_class);
}

// RFC 3464 §2.3.6: diagnostic-type "smtp" carries an SMTP reply, so a give-up's reason
// ("gave up after ...; last: 451 4.3.0 ...") gives its last reply; a failure without any reply
// (refused, timed out) uses a private type, as Postfix writes "X-Postfix; ...".
std::string diagnostic_code(std::string_view reason) {
    if (starts_with_reply(reason)) return fmt::format("smtp; {}", reason);
    const auto last = reason.rfind("last: ");
    if (last != std::string_view::npos && starts_with_reply(reason.substr(last + 6))) {
        return fmt::format("smtp; {}", reason.substr(last + 6));
    }
    return fmt::format("X-PostLab; {}", reason);
}

}  // namespace

std::string make_bounce(const MtaItem& item, std::string_view reporting_host, std::string_view reason,
                        TimeUs now_us, bool permanent) {
    const std::string boundary = fmt::format("dsn-{}-{}", item.id, now_us);
    const std::string date = mime::format_date(now_us);
    std::string m;
    m += fmt::format("From: Mail Delivery System <MAILER-DAEMON@{}>\r\n", reporting_host);
    m += fmt::format("To: {}\r\n", item.reverse_path);
    m += fmt::format("Subject: Undelivered Mail Returned to Sender\r\n");
    m += fmt::format("Date: {}\r\n", date);
    m += fmt::format("Message-ID: <dsn.{}.{}@{}>\r\n", item.id, now_us, reporting_host);
    m += "Auto-Submitted: auto-replied\r\n";  // RFC 3834 §5
    m += "MIME-Version: 1.0\r\n";
    m += fmt::format("Content-Type: multipart/report; report-type=delivery-status; boundary=\"{}\"\r\n\r\n",
                     boundary);
    m += fmt::format("--{}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n", boundary);
    m += fmt::format("Your message {} to {} could not be delivered.\r\n", item.message_id, item.recipient);
    m += fmt::format("Reason: {}\r\n\r\n", reason);
    m += fmt::format("--{}\r\nContent-Type: message/delivery-status\r\n\r\n", boundary);
    m += fmt::format("Reporting-MTA: dns; {}\r\n\r\n", reporting_host);  // RFC 3464 §2.2
    m += fmt::format("Final-Recipient: rfc822; {}\r\n", item.recipient);  // RFC 3464 §2.3
    m += fmt::format("Action: failed\r\nStatus: {}\r\n", dsn_status(reason, permanent));
    m += fmt::format("Diagnostic-Code: {}\r\n\r\n", diagnostic_code(reason));
    m += fmt::format("--{}--\r\n", boundary);
    return m;
}

}  // namespace postlab::sim
