// A themed QCustomPlot with export and a context menu (see plot_view.h).
#include "plot_view.h"

#include "flicker/version.h"
#include "plot_style.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontMetrics>
#include <QImageWriter>
#include <QMenu>
#include <QMetaMethod>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace flicker {
namespace {

constexpr double kInchesPerMeter = 1.0 / 0.0254;

QString creatorText() {
    return QStringLiteral("%1 %2").arg(kProgramName, kVersion);
}

} // namespace

PlotView::PlotView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumSize(240, 170); // four figures and two panels fit a 1024 × 700 window

    // Every layout (on screen and in exports) first fits the axis labels and spaces the ticks
    // for the axes' length in pixels (no cut or colliding labels in presentation mode), then
    // moves an inset legend off the data.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        style::fitAxisLabels(m_plot);
        style::fitTickCounts(m_plot);
        style::placeLegendOffData(m_plot);
        // A legend moved under the axes shortens them: fit again (no-ops when nothing moved).
        style::fitAxisLabels(m_plot);
        style::fitTickCounts(m_plot);
    });
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_plot, &QWidget::customContextMenuRequested, this, &PlotView::showContextMenu);
    PlotView::applyStyle();
}

PlotView::~PlotView() = default;

void PlotView::setTitle(const QString& title) {
    const bool rebuild = title.isEmpty() != m_title.isEmpty();
    m_title = title;
    if (rebuild)
        rebuildHeader();
    else
        fitSubtitle(); // sets the title, in two lines when it is too wide
    requestReplot();
}

void PlotView::setSubtitle(const QString& text) {
    const bool rebuild = text.isEmpty() != m_subtitle.isEmpty();
    m_subtitle = text;
    if (rebuild)
        rebuildHeader();
    else
        fitSubtitle();
    requestReplot();
}

void PlotView::fitSubtitle() const {
    fitSubtitleTo(m_plot->width());
}

void PlotView::fitSubtitleTo(int plotWidth) const {
    if (m_titleElement) {
        // A title wider than the figure (narrow window, presentation fonts) takes two lines
        // rather than losing both ends.
        const QString title =
            style::fitInTwoLines(m_title, QFontMetrics(m_titleElement->font()), plotWidth - 12);
        if (m_titleElement->text() != title) {
            m_titleElement->setText(title);
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
    }
    if (!m_subtitleElement) return;
    // A subtitle too wide for the plot (narrow window, presentation fonts) breaks in two at the
    // comma nearest to its middle, rather than being cut off at both ends.
    QString text = m_subtitle;
    const QFontMetrics metrics(m_subtitleElement->font());
    if (metrics.horizontalAdvance(text) > plotWidth - 16) {
        int best = -1;
        for (int at = text.indexOf(QLatin1String(", ")); at >= 0;
             at = text.indexOf(QLatin1String(", "), at + 1)) {
            if (best < 0 || std::abs(at - text.size() / 2) < std::abs(best - text.size() / 2))
                best = at;
        }
        if (best >= 0) text = text.left(best) + QLatin1Char('\n') + text.mid(best + 2);
    }
    // No comma, or a half still too wide: break at a space, eliding what still does not fit.
    const QStringList lines = text.split(QLatin1Char('\n'));
    if (std::any_of(lines.begin(), lines.end(), [&](const QString& line) {
            return metrics.horizontalAdvance(line) > plotWidth - 16;
        }))
        text =
            style::fitInTwoLines(QString(m_subtitle).replace(QLatin1Char('\n'), QLatin1Char(' ')),
                                 metrics, plotWidth - 16);
    if (m_subtitleElement->text() != text) {
        m_subtitleElement->setText(text);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void PlotView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitSubtitle();
}

void PlotView::rebuildHeader() {
    QCPLayoutGrid* grid = m_plot->plotLayout();
    for (QCPTextElement** element : {&m_titleElement, &m_subtitleElement}) {
        if (*element) {
            grid->remove(*element); // deletes it
            *element = nullptr;
        }
    }
    grid->simplify(); // drops the emptied rows
    int row = 0;
    if (!m_title.isEmpty()) {
        grid->insertRow(row);
        m_titleElement = new QCPTextElement(m_plot, m_title);
        grid->addElement(row++, 0, m_titleElement);
    }
    if (!m_subtitle.isEmpty()) {
        grid->insertRow(row);
        m_subtitleElement = new QCPTextElement(m_plot, m_subtitle);
        grid->addElement(row++, 0, m_subtitleElement);
    }
    grid->setRowSpacing(0);
    styleHeader();
}

void PlotView::styleHeader() {
    if (m_titleElement) {
        m_titleElement->setFont(style::figureFont(m_presentation, 1.2, true));
        m_titleElement->setTextColor(style::palette(m_dark).ink);
        m_titleElement->setMargins(QMargins(4, 6, 4, m_subtitleElement ? 0 : 2));
    }
    if (m_subtitleElement) {
        m_subtitleElement->setFont(style::figureFont(m_presentation, 1.05));
        m_subtitleElement->setTextColor(style::palette(m_dark).ink);
        m_subtitleElement->setMargins(QMargins(4, m_titleElement ? 2 : 6, 4, 2));
    }
    fitSubtitle(); // the title and subtitle in the new fonts
}

void PlotView::setPresentationMode(bool on) {
    if (on == m_presentation) return;
    m_presentation = on;
    applyStyle();
}

void PlotView::setDarkTheme(bool on) {
    if (on == m_dark) return;
    m_dark = on;
    applyStyle();
}

void PlotView::addCaption() const {
    if (!m_caption || m_provenance.isEmpty() || m_captionElement) return;
    QCPLayoutGrid* grid = m_plot->plotLayout();
    const int row = grid->rowCount();
    grid->insertRow(row);
    m_captionElement = new QCPTextElement(m_plot, m_provenance);
    m_captionElement->setFont(style::figureFont(m_presentation, 0.75));
    m_captionElement->setTextColor(style::palette(m_dark).ink);
    m_captionElement->setTextFlags(Qt::AlignLeft | Qt::TextWordWrap);
    m_captionElement->setMargins(QMargins(6, 2, 6, 4));
    grid->addElement(row, 0, m_captionElement);
}

void PlotView::removeCaption() const {
    if (!m_captionElement) return;
    m_plot->plotLayout()->remove(m_captionElement); // deletes it
    m_captionElement = nullptr;
    m_plot->plotLayout()->simplify();
}

void PlotView::applyStyle() {
    style::applyTheme(m_plot, m_presentation, m_dark);
    styleHeader();
    requestReplot();
}

void PlotView::requestReplot() {
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlotView::replotNow() {
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
}

void PlotView::restoreLayout() const {
    // Exporting lays the plot out at the export size; put the on-screen layout back.
    removeCaption();
    fitSubtitle();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QImage PlotView::renderImage(QSize pixelSize, int dpi) const {
    if (pixelSize.isEmpty() || dpi <= 0) return {};
    const double scale = dpi / kLayoutDpi;
    const int layoutWidth = std::max(1, int(std::ceil(pixelSize.width() / scale)));
    const int layoutHeight = std::max(1, int(std::ceil(pixelSize.height() / scale)));

    QImage image(pixelSize, QImage::Format_ARGB32_Premultiplied);
    // Paint at the layout resolution so that point-sized fonts match the layout; the requested
    // resolution is stored afterwards, as metadata only.
    const int layoutDotsPerMeter = int(std::lround(kLayoutDpi * kInchesPerMeter));
    image.setDotsPerMeterX(layoutDotsPerMeter);
    image.setDotsPerMeterY(layoutDotsPerMeter);
    image.fill(style::palette(m_dark).background);
    addCaption();
    {
        QCPPainter painter(&image);
        if (!painter.isActive()) return {};
        if (scale > 1.0) painter.setMode(QCPPainter::pmNonCosmetic);
        painter.scale(scale, scale);
        fitSubtitleTo(layoutWidth);
        m_plot->toPainter(&painter, layoutWidth, layoutHeight);
    }
    restoreLayout();

    const int dotsPerMeter = int(std::lround(dpi * kInchesPerMeter));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.setText(QStringLiteral("Software"), creatorText());
    if (!m_title.isEmpty()) image.setText(QStringLiteral("Title"), m_title);
    if (!m_provenance.isEmpty()) image.setText(QStringLiteral("Description"), m_provenance);
    return image;
}

bool PlotView::exportPng(const QString& path, QSize pixelSize, int dpi, QString* error) const {
    if (pixelSize.isEmpty() || pixelSize.width() > 20000 || pixelSize.height() > 20000 ||
        dpi < 24 || dpi > 2400) {
        if (error)
            *error = tr("Cannot export %1 × %2 pixels at %3 dpi: use 1 … 20000 pixels a side and "
                        "24 … 2400 dpi.")
                         .arg(pixelSize.width())
                         .arg(pixelSize.height())
                         .arg(dpi);
        return false;
    }
    const QImage image = renderImage(pixelSize, dpi);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (image.isNull() || !writer.write(image)) {
        if (error) *error = tr("Could not render the figure as PNG: %1").arg(writer.errorString());
        return false;
    }
    return writeExport(path, bytes, error);
}

bool PlotView::exportSvg(const QString& path, QString* error) const {
    const QSize size = m_exportSize;
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);

    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(int(kLayoutDpi)); // point-sized fonts as on a 96 dpi screen
    generator.setTitle(m_title.isEmpty() ? m_figureName : m_title);
    generator.setDescription(m_provenance.isEmpty() ? creatorText() : m_provenance);
    {
        QCPPainter painter;
        if (!painter.begin(&generator)) {
            if (error) *error = tr("Could not render the figure as SVG.");
            return false;
        }
        painter.setMode(QCPPainter::pmVectorized);
        addCaption();
        fitSubtitleTo(size.width());
        m_plot->toPainter(&painter, size.width(), size.height());
        painter.end();
    }
    restoreLayout();
    return writeExport(path, bytes, error);
}

bool PlotView::exportPdf(const QString& path, QString* error) const {
    // QCustomPlot writes PDFs only to a named file; write to a private temporary file first so
    // that a failure never leaves half a file at `path`, and errors get a proper message.
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        if (error)
            *error = tr("Could not create a temporary folder for the PDF: %1")
                         .arg(scratch.errorString());
        return false;
    }
    const QString scratchFile = scratch.filePath(QStringLiteral("figure.pdf"));
    const QString pdfTitle = m_provenance.isEmpty() ? m_title : m_provenance;
    addCaption();
    fitSubtitleTo(m_exportSize.width());
    const bool saved = m_plot->savePdf(scratchFile, m_exportSize.width(), m_exportSize.height(),
                                       QCP::epNoCosmetic, creatorText(), pdfTitle);
    restoreLayout();
    QFile file(scratchFile);
    if (!saved || !file.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("Could not render the figure as PDF.");
        return false;
    }
    return writeExport(path, file.readAll(), error);
}

bool PlotView::exportTo(const QString& path, QString* error) const {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        const double scale = m_exportDpi / kLayoutDpi;
        const QSize pixels(int(std::lround(m_exportSize.width() * scale)),
                           int(std::lround(m_exportSize.height() * scale)));
        return exportPng(path, pixels, m_exportDpi, error);
    }
    if (suffix == QLatin1String("svg")) return exportSvg(path, error);
    if (suffix == QLatin1String("pdf")) return exportPdf(path, error);
    if (suffix == QLatin1String("csv")) return exportCsv(path, error);
    if (error)
        *error = tr("Cannot export “%1”: unknown format “%2”. Use a name ending in .png, "
                    ".svg, .pdf or .csv.")
                     .arg(QDir::toNativeSeparators(path),
                          suffix.isEmpty() ? tr("(no suffix)") : "." + suffix);
    return false;
}

bool PlotView::exportCsv(const QString& path, QString* error) const {
    const QString table = dataCsv();
    if (table.isEmpty()) {
        if (error)
            *error = tr("The figure “%1” shows no data yet, so there is nothing to write to “%2”.")
                         .arg(m_title.isEmpty() ? m_figureName : m_title,
                              QDir::toNativeSeparators(path));
        return false;
    }
    QString text;
    const QString about = m_provenance.isEmpty() ? creatorText() : m_provenance;
    for (const QString& line : about.split(QLatin1Char('\n')))
        text += QStringLiteral("# ") + line + QLatin1Char('\n');
    if (!m_title.isEmpty()) text += QStringLiteral("# figure: ") + m_title + QLatin1Char('\n');
    text += table;
    if (!text.endsWith(QLatin1Char('\n'))) text += QLatin1Char('\n');
    return writeExport(path, text.toUtf8(), error);
}

bool PlotView::writeExport(const QString& path, const QByteArray& bytes, QString* error) const {
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        if (error)
            *error = tr("Could not write “%1”: the folder “%2” does not exist.")
                         .arg(shown, QDir::toNativeSeparators(info.absolutePath()));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        if (error) *error = tr("Could not write “%1”: %2.").arg(shown, file.errorString());
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error =
                tr("Could not write “%1”: %2 (is the disk full?).").arg(shown, file.errorString());
        return false;
    }
    return true;
}

void PlotView::copyToClipboard() const {
    const QSize onScreen = m_plot->size().isEmpty() ? m_exportSize : m_plot->size();
    const QImage image = renderImage(onScreen * 2, 2 * int(kLayoutDpi));
    QApplication::clipboard()->setImage(image);
}

void PlotView::showContextMenu(const QPoint& position) {
    QMenu menu(this);
    if (isSignalConnected(QMetaMethod::fromSignal(&PlotView::exportRequested))) {
        menu.addAction(tr("Export as PNG…"), this, [this] { emit exportRequested("png"); });
        menu.addAction(tr("Export as SVG…"), this, [this] { emit exportRequested("svg"); });
        menu.addAction(tr("Export as PDF…"), this, [this] { emit exportRequested("pdf"); });
        menu.addAction(tr("Export data as CSV…"), this, [this] { emit exportRequested("csv"); });
        menu.addSeparator();
    }
    menu.addAction(tr("Copy to clipboard"), this, [this] { copyToClipboard(); });
    menu.exec(m_plot->mapToGlobal(position));
}

} // namespace flicker
