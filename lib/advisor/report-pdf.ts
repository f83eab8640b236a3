// The protection report as a PDF (pdfkit, its built-in Helvetica): the summary and the headline
// figures on the first page, a bar per asset for RPO compliance, then the per-asset table and the
// note on what is measured and what estimated.
import PDFDocument from "pdfkit";
import type { Report } from "./report-text";
import { formatBytes, formatHours, formatWhen, MEASURED_NOTE, percent } from "./report-text";

const INK = "#0f172a";
const MUTED = "#475569";
const OK = "#15803d";
const BAD = "#b91c1c";
const SKY = "#075985";

/** Helvetica covers Latin-1: other characters are shown as "?" rather than breaking the file. */
const latin = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff\n]/g, "?");

export function reportPdf(report: Report): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { Title: `Protection report: ${report.range.label}` },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  const { figures, range } = report;
  const tz = range.timezone;
  const t = figures.totals;
  const width = doc.page.width - 100;

  doc
    .fillColor(SKY)
    .font("Helvetica-Bold")
    .fontSize(20)
    .text(latin(`Protection report: ${range.label}`));
  doc
    .moveDown(0.3)
    .fillColor(MUTED)
    .font("Helvetica")
    .fontSize(10)
    .text(
      latin(
        `${formatWhen(range.start, tz)} to ${formatWhen(range.end, tz)} (${tz}). Generated ${formatWhen(report.generatedAt, tz)}.`,
      ),
    );
  doc.moveDown(1).fillColor(INK).font("Helvetica-Bold").fontSize(13).text("Summary");
  doc.moveDown(0.3).font("Helvetica").fontSize(11);
  for (const line of report.summary) doc.text(latin(`- ${line}`), { width, paragraphGap: 4 });

  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).text("Figures");
  doc.moveDown(0.3);
  const headline: [string, string, string][] = [
    ["RPO compliance (mean of protected assets)", percent(t.rpoCompliance), "measured"],
    ["Assets within RPO all period", `${t.fullyCompliant} of ${t.covered}`, "measured"],
    [
      "Backups succeeded / failed / missed",
      `${t.backupsSucceeded} / ${t.backupsFailed} / ${t.backupsMissed}`,
      "measured",
    ],
    ["Drills passed", `${t.drillsPassed} of ${t.drillsRun}`, "measured"],
    ["Storage added", formatBytes(t.storageAddedBytes), "measured"],
    ["Growth over 30 days at this rate", formatBytes(t.projected30DayGrowthBytes), "estimated"],
  ];
  table(doc, [width - 180, 110, 70], ["Figure", "Value", "Kind"], headline, [false, true, false]);

  doc.moveDown(0.8).fillColor(INK).font("Helvetica-Bold").fontSize(13).text("RPO compliance per asset", 50);
  doc.moveDown(0.4);
  const labelWidth = 130;
  const barWidth = width - labelWidth - 60;
  for (const a of figures.assets) {
    if (doc.y > doc.page.height - 90) doc.addPage();
    const y = doc.y;
    doc
      .font("Helvetica")
      .fontSize(10)
      .fillColor(INK)
      .text(latin(a.asset), 50, y, { width: labelWidth - 8, ellipsis: true, lineBreak: false });
    doc.rect(50 + labelWidth, y, barWidth, 10).fill("#e2e8f0");
    const share = Math.max(0, Math.min(1, a.rpoCompliance));
    if (share > 0) doc.rect(50 + labelWidth, y, barWidth * share, 10).fill(share >= 1 ? OK : BAD);
    doc.fillColor(INK).text(percent(a.rpoCompliance), 50 + labelWidth + barWidth + 6, y, {
      width: 54,
      align: "right",
      lineBreak: false,
    });
    doc.x = 50;
    doc.y = y + 16;
  }

  // The table follows on the first page while there is room for its head and a few rows.
  if (doc.y > doc.page.height - 220) doc.addPage();
  else doc.moveDown(1);
  doc.fillColor(INK).font("Helvetica-Bold").fontSize(13).text("Per asset", 50);
  doc.moveDown(0.3);
  table(
    doc,
    [95, 45, 55, 50, 30, 35, 35, 40, 110],
    ["Asset", "RPO", "In RPO", "Outside", "OK", "Failed", "Missed", "Drills", "Newest verified"],
    figures.assets.map((a) => [
      a.covered ? a.asset : `${a.asset} (no policy)`,
      `${a.rpoHours} h`,
      percent(a.rpoCompliance),
      formatHours(a.hoursOutsideRpo),
      String(a.backupsSucceeded),
      String(a.backupsFailed),
      String(a.backupsMissed),
      `${a.drillsPassed}/${a.drillsPassed + a.drillsFailed}`,
      formatWhen(a.newestVerifiedAt, tz),
    ]),
    [false, true, true, true, true, true, true, true, false],
    9,
  );
  doc.moveDown(1).fillColor(INK).font("Helvetica-Bold").fontSize(13).text("Measured and estimated", 50);
  doc.moveDown(0.3).font("Helvetica").fontSize(10).fillColor(MUTED).text(MEASURED_NOTE, 50, doc.y, { width });
  if (report.link)
    doc
      .moveDown(0.5)
      .fillColor(SKY)
      .text(latin(`Dashboard: ${report.link}`), { link: report.link });
  doc.end();
  return done;
}

function table(
  doc: PDFKit.PDFDocument,
  widths: number[],
  header: string[],
  rows: string[][],
  right: boolean[],
  size = 10,
): void {
  const rowHeight = size + 8;
  const draw = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - 70) doc.addPage();
    const y = doc.y;
    let x = 50;
    doc
      .font(bold ? "Helvetica-Bold" : "Helvetica")
      .fontSize(size)
      .fillColor(bold ? MUTED : INK);
    cells.forEach((cell, i) => {
      // A left-aligned column after a right-aligned one keeps a gap from the numbers.
      const gap = i > 0 && !right[i] && right[i - 1] ? 12 : 2;
      doc.text(latin(cell), x + gap, y + 4, {
        width: widths[i] - gap - 2,
        align: right[i] ? "right" : "left",
        lineBreak: false,
        ellipsis: true,
      });
      x += widths[i];
    });
    doc
      .moveTo(50, y + rowHeight)
      .lineTo(x, y + rowHeight)
      .lineWidth(0.5)
      .strokeColor("#cbd5e1")
      .stroke();
    doc.x = 50;
    doc.y = y + rowHeight;
  };
  draw(header, true);
  for (const r of rows) draw(r, false);
}
