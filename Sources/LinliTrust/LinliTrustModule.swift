/// The LinliTrust module. See docs/ARCHITECTURE.md for its place in the layering.
public enum LinliTrustModule {}
