/** The state of one composed part, as `/ready` and `agent33 start` report it. */
export interface ComponentStatus {
  name: string;
  /** `ready`: working; `degraded`: usable with a warning (e.g. scripted model); `unavailable`: requests get 503. */
  state: 'ready' | 'degraded' | 'unavailable';
  detail: string;
  /** Whether the server is unready while this component is unavailable. */
  required: boolean;
}

/** A mutable list of component states; later checks replace earlier ones by name. */
export class ComponentBoard {
  private readonly byName = new Map<string, ComponentStatus>();

  set(status: ComponentStatus): void {
    this.byName.set(status.name, status);
  }

  list(): ComponentStatus[] {
    return [...this.byName.values()];
  }

  /** Ready when no required component is unavailable. */
  ready(): boolean {
    return this.list().every((s) => !s.required || s.state !== 'unavailable');
  }
}
