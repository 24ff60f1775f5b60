// Writes a corpus to disk in the aclImdb layout, for tests that open a data set by path (sessions).
#pragma once

#include "text/review.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

namespace flicker::test {

/// <dir>/aclImdb/{train,test}/{pos,neg}/<k>_<r>.txt (r = 8 for positive, 2 for negative);
/// returns the aclImdb folder, or "" when a file cannot be written.
inline QString writeAclImdb(const Corpus& corpus, const QString& dir) {
    const QString root = QDir(dir).filePath(QStringLiteral("aclImdb"));
    for (std::size_t k = 0; k < corpus.reviews.size(); ++k) {
        const Review& r = corpus.reviews[k];
        const QString folder =
            QStringLiteral("%1/%2/%3")
                .arg(root, QString::fromLatin1(splitName(r.split)), r.label == 1 ? "pos" : "neg");
        QDir().mkpath(folder);
        QFile f(QStringLiteral("%1/%2_%3.txt").arg(folder).arg(k).arg(r.label == 1 ? 8 : 2));
        if (!f.open(QIODevice::WriteOnly)) return {};
        f.write(QByteArray::fromStdString(r.text));
    }
    return root;
}

} // namespace flicker::test
