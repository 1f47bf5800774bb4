// SchemaGenRuntime: the embedded durable store generated repositories run on. See docs/storage.md.
