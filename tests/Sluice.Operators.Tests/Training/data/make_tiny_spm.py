#!/usr/bin/python3
"""Trains tiny-bpe.model, an 800-piece SentencePiece BPE model in the Llama layout (<unk>=0, <s>=1, </s>=2, byte
fallback), on the bundled SciFact abstracts, and prints the ids the reference library gives for the texts the C# test
checks. Needs Debian's python3-sentencepiece (0.1.97); run from the repository root:
    /usr/bin/python3 tests/Sluice.Operators.Tests/Training/data/make_tiny_spm.py
"""
import io
import json
import sentencepiece as spm

HERE = "tests/Sluice.Operators.Tests/Training/data/"
texts = [json.loads(line)["text"] for line in open("examples/data/scifact-abstracts.jsonl", encoding="utf-8")]
model = io.BytesIO()
spm.SentencePieceTrainer.train(sentence_iterator=iter(texts), model_writer=model, model_type="bpe", vocab_size=800,
                               byte_fallback=True, character_coverage=0.9995, num_threads=1, unk_id=0, bos_id=1, eos_id=2,
                               pad_id=-1, normalization_rule_name="identity", minloglevel=2)
open(HERE + "tiny-bpe.model", "wb").write(model.getvalue())
sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
for text in ["Hello world", "the protein binds", "naïve 日本"]:
    print(json.dumps(text, ensure_ascii=False), sp.encode(text), "eos", sp.eos_id(), "size", sp.get_piece_size())
