"""Import of KICOX factory-registration files (domain-facts §4), the pure front half.

reading.read_factory_file   bytes → FactoryFile: layout, encoding and the rows keyed by column name
records.build_records       FactoryFile → FactoryRecords (one per factory) and RowErrors
classify.classify           FactoryRecord + Vocabulary → inferred technologies and processes, with reasons

Nothing here touches the database except Vocabulary.load(); the import service does the writing.
"""
