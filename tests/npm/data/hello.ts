interface Greeter {
  greet(name: string): string;
}
class Polite implements Greeter {
  constructor(private readonly prefix: string) {}
  greet(name: string): string {
    return `${this.prefix}, ${name}`;
  }
}
const names: ReadonlyArray<string> = ["ada", "grace"];
const g: Greeter = new Polite("Hello");
export const lines = names.map((n) => g.greet(n));
const wrong: number = lines.length > 0 ? "many" : 0;
