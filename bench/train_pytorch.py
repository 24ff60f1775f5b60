#!/usr/bin/python3
"""The PyTorch-from-Python baseline for Flicker's training throughput (bench/bench_model).

Trains the same model (Embedding 64 -> LSTM 64 -> Linear, Adam 1e-3, BCE with logits, gradient
norm clipped at 5, batch 64) for one epoch on the reviews bench_model wrote, with the same
batching as Flicker (pools of 50 batches sorted by length; right-padded batches, the logit taken
from each review's last real step), and prints tokens/s.
  /usr/bin/python3 bench/train_pytorch.py DATA_FILE THREADS [--packed] [--hidden H]
With --packed it uses pack_padded_sequence instead, the textbook way, which PyTorch 1.13 runs
far slower on CPU (its packed backward); Flicker avoids it for that reason.
"""
import random
import sys
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence


class Classifier(nn.Module):
    def __init__(self, vocabulary=10002, embedding=64, hidden=64):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.lstm = nn.LSTM(embedding, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, ids, lengths, packed=False):
        x = self.embedding(ids)
        if packed:
            _, (h, _) = self.lstm(pack_padded_sequence(x, lengths, batch_first=True,
                                                       enforce_sorted=False))
            return self.fc(h[-1]).squeeze(-1)
        out, _ = self.lstm(x)
        last = (lengths - 1).view(-1, 1, 1).expand(-1, 1, out.size(2))
        return self.fc(out.gather(1, last).squeeze(1)).squeeze(-1)


def main():
    path, threads = sys.argv[1], int(sys.argv[2])
    packed = "--packed" in sys.argv[3:]
    hidden = int(sys.argv[sys.argv.index("--hidden") + 1]) if "--hidden" in sys.argv else 64
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    reviews, labels = [], []
    with open(path) as f:
        for line in f:
            values = [int(v) for v in line.split()]
            labels.append(float(values[0]))
            reviews.append(torch.tensor(values[1:], dtype=torch.long))
    order = list(range(len(reviews)))
    random.Random(1).shuffle(order)
    batches = []
    pool = 64 * 50
    for p in range(0, len(order), pool):
        chunk = sorted(order[p:p + pool], key=lambda k: len(reviews[k]))
        batches += [chunk[i:i + 64] for i in range(0, len(chunk), 64)]
    random.Random(2).shuffle(batches)

    model = Classifier(hidden=hidden)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    tokens = sum(len(r) for r in reviews)
    start = time.perf_counter()
    for batch in batches:
        ids = pad_sequence([reviews[k] for k in batch], batch_first=True)
        lengths = torch.tensor([len(reviews[k]) for k in batch])
        target = torch.tensor([labels[k] for k in batch])
        optimizer.zero_grad()
        loss = loss_fn(model(ids, lengths, packed), target)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
    seconds = time.perf_counter() - start
    how = "packed" if packed else "padded"
    print(f"  PyTorch {torch.__version__} (Python, {how}, H {hidden}), threads {threads}: "
          f"{tokens / seconds:8.0f} tokens/s ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
