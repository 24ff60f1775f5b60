#!/usr/bin/python3
"""Makes the TorchScript import fixture of tests/core/tst_model.cpp.

A tiny LSTM classifier written the way a PyTorch user would (attributes embedding, lstm, fc),
saved with torch.jit.save, its vocabulary as a flat JSON word -> id object, and the hidden and
cell states PyTorch computes for one sentence, which the test compares with Flicker's recorder.
Run with Debian's python3-torch:  /usr/bin/python3 tests/data/make_torchscript_fixture.py
The tests only read the files this writes; they never run Python.
"""
import json
import os
import re

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SENTENCE = "The movie was NOT bad<br />at all, the actors' work was great!"


class SentimentLstm(nn.Module):
    def __init__(self, vocabulary, embedding, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.lstm = nn.LSTM(embedding, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return self.fc(h[-1]).squeeze(-1)


def tokens(text):
    # Flicker's default tokenizer for ASCII text: <br /> is a space, lower case, words are runs
    # of letters, digits and apostrophes.
    text = re.sub(r"<br\s*/?>", " ", text).lower()
    return re.findall(r"[a-z0-9']+", text)


def main():
    torch.manual_seed(7)
    words = ["<pad>", "<unk>", "the", "movie", "was", "not", "bad", "at", "all", "great",
             "acting", "plot"]
    vocab = {w: i for i, w in enumerate(words)}
    model = SentimentLstm(len(words), 4, 6).eval()
    scripted = torch.jit.script(model)
    scripted.save(os.path.join(HERE, "tiny_lstm.pt"))
    with open(os.path.join(HERE, "tiny_vocab.json"), "w") as f:
        json.dump(vocab, f, indent=1)

    # A model Flicker must refuse, with a message that says why: a two-layer LSTM.
    deep = SentimentLstm(len(words), 4, 6)
    deep.lstm = nn.LSTM(4, 6, num_layers=2, batch_first=True)
    torch.jit.script(deep.eval()).save(os.path.join(HERE, "tiny_lstm_2layers.pt"))

    ids = [vocab.get(t, 1) for t in tokens(SENTENCE)]
    with torch.no_grad():
        x = model.embedding(torch.tensor([ids]))
        state = None
        hs, cs = [], []
        for t in range(len(ids)):
            _, state = model.lstm(x[:, t:t + 1], state)
            hs.append(state[0].reshape(-1).tolist())
            cs.append(state[1].reshape(-1).tolist())
        probability = torch.sigmoid(model(torch.tensor([ids]))).item()
    with open(os.path.join(HERE, "tiny_expected.json"), "w") as f:
        json.dump({"sentence": SENTENCE, "ids": ids, "h": hs, "c": cs,
                   "probability": probability, "torch_version": torch.__version__}, f, indent=1)


if __name__ == "__main__":
    main()
