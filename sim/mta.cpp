// Bounce messages of the simulated MTA: RFC 3464 §2 delivery status notifications, simplified
// (no returned content, one recipient), inside RFC 6522 multipart/report.
#include "sim/mta.hpp"

#include <fmt/format.h>

#include "protocols/mime/message_writer.hpp"

namespace postlab::sim {

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
    m += fmt::format("Action: failed\r\nStatus: {}\r\n", permanent ? "5.0.0" : "4.4.7");
    m += fmt::format("Diagnostic-Code: smtp; {}\r\n\r\n", reason);
    m += fmt::format("--{}--\r\n", boundary);
    return m;
}

}  // namespace postlab::sim
