/** The replay commands live in the core, where findings name them too; the panel's detail reads them from here. */
export * from '../../core/replay.js';
