// A themed QCustomPlot with export and a context menu (see plot_view.h).
#include "plot_view.h"

#include "flicker/version.h"
#include "plot_style.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFormLayout>
#include <QImageWriter>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>
#include <cstdlib>

namespace flicker {
namespace {

constexpr double kLayoutDpi = 96.0; // the resolution at which figures are laid out
constexpr double kInchesPerMeter = 1.0 / 0.0254;

QString creatorText() {
    return QStringLiteral("%1 %2").arg(kProgramName, kVersion);
}

} // namespace

PlotView::PlotView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumSize(280, 200);

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
    else if (m_titleElement)
        m_titleElement->setText(title);
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
        fitSubtitle();
    }
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
    if (!file.open(QIODevice::WriteOnly)) {
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
    menu.addAction(tr("Export as PNG…"), this, [this] { exportWithDialog("png"); });
    menu.addAction(tr("Export as SVG…"), this, [this] { exportWithDialog("svg"); });
    menu.addAction(tr("Export as PDF…"), this, [this] { exportWithDialog("pdf"); });
    menu.addAction(tr("Export data as CSV…"), this, [this] { exportWithDialog("csv"); });
    menu.addSeparator();
    menu.addAction(tr("Copy to clipboard"), this, [this] { copyToClipboard(); });
    menu.exec(m_plot->mapToGlobal(position));
}

bool PlotView::askPngOptions(QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("PNG size and resolution"));
    auto* width = new QSpinBox;
    auto* height = new QSpinBox;
    for (QSpinBox* box : {width, height}) {
        box->setRange(100, 8000);
        box->setSuffix(tr(" px"));
    }
    width->setValue(m_exportSize.width());
    height->setValue(m_exportSize.height());
    auto* dpi = new QComboBox;
    for (int value : {96, 150, 192, 300, 600})
        dpi->addItem(tr("%1 dpi").arg(value), value);
    const int current = dpi->findData(m_exportDpi);
    dpi->setCurrentIndex(current >= 0 ? current : 2);
    auto* result = new QLabel;
    auto update = [=] {
        const double scale = dpi->currentData().toInt() / kLayoutDpi;
        result->setText(tr("%1 × %2 pixels; at %3 dpi the figure is %4 × %5 cm")
                            .arg(std::lround(width->value() * scale))
                            .arg(std::lround(height->value() * scale))
                            .arg(dpi->currentData().toInt())
                            .arg(width->value() / kLayoutDpi * 2.54, 0, 'f', 1)
                            .arg(height->value() / kLayoutDpi * 2.54, 0, 'f', 1));
    };
    connect(width, &QSpinBox::valueChanged, &dialog, update);
    connect(height, &QSpinBox::valueChanged, &dialog, update);
    connect(dpi, &QComboBox::currentIndexChanged, &dialog, update);
    update();
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("Width (at 96 dpi)"), width);
    form->addRow(tr("Height (at 96 dpi)"), height);
    form->addRow(tr("Resolution"), dpi);
    form->addRow(result);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return false;
    m_exportSize = QSize(width->value(), height->value());
    m_exportDpi = dpi->currentData().toInt();
    return true;
}

void PlotView::exportWithDialog(const QString& suffix) {
    if (suffix == QLatin1String("png") && !askPngOptions(this)) return;
    QSettings settings;
    const QString folder =
        settings.value(QStringLiteral("export/lastFolder"), QDir::homePath()).toString();
    const QString filter = suffix == "png"   ? tr("PNG image (*.png)")
                           : suffix == "svg" ? tr("SVG drawing (*.svg)")
                           : suffix == "pdf" ? tr("PDF document (*.pdf)")
                                             : tr("CSV table (*.csv)");
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export figure"), QDir(folder).filePath(m_figureName + "." + suffix), filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += "." + suffix;
    QString error;
    if (!exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    settings.setValue(QStringLiteral("export/lastFolder"), QFileInfo(path).absolutePath());
}

} // namespace flicker
