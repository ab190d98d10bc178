"""Delivery status notifications (RFC 3464) as mail servers send them, for the bounce tests."""

from __future__ import annotations


def postfix_dsn(*, to: str, message_id: str, recipient: str = "sen@la.example", action: str = "failed",
                status: str = "5.1.1", returned: str = "headers") -> bytes:
    """What Postfix sends back to a message's envelope sender when the recipient's server refuses it: a
    multipart/report with the report and the returned message's headers (or the whole message)."""
    diagnostic = ("smtp; 550 5.1.1 <{0}>: Recipient address\n    rejected: User unknown in local recipient table"
                  if action == "failed" else "smtp; 451 4.3.0 Temporary lookup failure").format(recipient)
    returned_part = (f"Content-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\n"
                     f"Message-ID: {message_id}\nSubject: Mediation requested\nFrom: SEND Resolve "
                     f"<no-reply@sendresolve.example>\nTo: {recipient}\n"
                     if returned == "headers" else
                     f"Content-Description: Undelivered Message\nContent-Type: message/rfc822\n\n"
                     f"Message-ID: {message_id}\nSubject: Mediation requested\nTo: {recipient}\n\nPlease arrange it.\n")
    return f"""Return-Path: <>
Delivered-To: {to}
Date: Mon,  7 Dec 2026 10:15:02 +0000 (GMT)
From: MAILER-DAEMON@mx.la.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: {to}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="4Xk9B.1765102502/mx.la.example"

This is a MIME-encapsulated message.

--4Xk9B.1765102502/mx.la.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.la.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--4Xk9B.1765102502/mx.la.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.la.example
X-Postfix-Queue-ID: 4Xk9B
X-Postfix-Sender: rfc822; {to}
Arrival-Date: Mon,  7 Dec 2026 10:15:01 +0000 (GMT)

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; mail.la.example
Diagnostic-Code: {diagnostic}

--4Xk9B.1765102502/mx.la.example
{returned_part}
--4Xk9B.1765102502/mx.la.example--
""".replace("\n", "\r\n").encode()


def out_of_office(*, to: str) -> bytes:
    return f"""From: SEN team <sen@la.example>
To: {to}
Subject: Automatic reply: Mediation requested
Auto-Submitted: auto-replied
Content-Type: text/plain

I am out of the office until Monday.
""".encode()
