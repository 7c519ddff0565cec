"""Digests by e-mail: a text part and an HTML part with the chart inline, the workbook
attached. A secretariat lives in its mailbox."""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from bot.reminders.sending import Delivery
from bot.secretariat.destinations import email_destination
from bot.secretariat.digest_parts import CHART_ID, DigestParts

WORKBOOK_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
SMTP_TIMEOUT = 30
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
           smtplib.SMTPAuthenticationError, smtplib.SMTPHeloError, smtplib.SMTPConnectError,
           smtplib.SMTPNotSupportedError, ConnectionRefusedError)
"""The server said no, or no connection was made: the message surely did not go."""

log = logging.getLogger(__name__)


def digest_message(parts: DigestParts, sender: str, to: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = parts.title, sender, ", ".join(to)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(parts.text)
    message.add_alternative(parts.html, subtype="html")
    html_part = next(part for part in message.iter_parts()
                     if part.get_content_type() == "text/html")
    assert isinstance(html_part, EmailMessage), "the alternative just added"
    html_part.add_related(parts.chart, "image", "png", cid=f"<{CHART_ID}>",
                          filename=parts.chart_name)
    message.add_attachment(parts.workbook, *WORKBOOK_TYPE, filename=parts.workbook_name)
    return message


class EmailDigestSender:
    def __init__(self, to: list[str], *, host: str, port: int, sender: str,
                 username: str | None = None, password: str | None = None,
                 starttls: bool = True) -> None:
        self.to = to
        self.destination = email_destination(to)
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls = username, password, starttls

    async def deliver(self, parts: DigestParts) -> Delivery:
        return await asyncio.to_thread(self._send, digest_message(parts, self.sender, self.to))

    def _send(self, message: EmailMessage) -> Delivery:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except REFUSED as error:
            log.warning("digest e-mail refused", extra={"error": str(error)})
            return Delivery.FAILED
        except (smtplib.SMTPException, OSError) as error:
            log.warning("digest e-mail may or may not have gone", extra={"error": str(error)})
            return Delivery.UNCERTAIN
        return Delivery.SENT
