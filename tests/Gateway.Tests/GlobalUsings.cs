global using Akka.Actor;
global using Newtonsoft.Json.Linq;
